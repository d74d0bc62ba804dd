using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Certificates;

/// <summary>
/// The server's certificate is not in the trusted store. It was copied to the rejected folder; an operator who
/// trusts it moves it to the trusted folder.
/// </summary>
public sealed class CertificateUntrustedException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public CertificateUntrustedException()
        : this("The server certificate is not trusted.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public CertificateUntrustedException(string message)
        : base(message)
    {
        Thumbprint = string.Empty;
        RejectedPath = string.Empty;
        TrustedFolder = string.Empty;
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public CertificateUntrustedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Thumbprint = string.Empty;
        RejectedPath = string.Empty;
        TrustedFolder = string.Empty;
    }

    /// <summary>Creates the exception for one certificate.</summary>
    public CertificateUntrustedException(string subject, string thumbprint, string rejectedPath, string trustedFolder)
        : base($"The server certificate '{subject}' (SHA-1 thumbprint {thumbprint}) is not trusted. It was saved as {rejectedPath}; "
            + $"if you trust this server, move that file to {trustedFolder} and connect again.")
    {
        Thumbprint = thumbprint;
        RejectedPath = rejectedPath;
        TrustedFolder = trustedFolder;
    }

    /// <summary>SHA-1 thumbprint (hex) of the rejected certificate.</summary>
    public string Thumbprint { get; }

    /// <summary>Where the rejected certificate was written.</summary>
    public string RejectedPath { get; }

    /// <summary>The folder to move it to.</summary>
    public string TrustedFolder { get; }

    /// <summary>Always BadCertificateUntrusted.</summary>
    public static StatusCode StatusCode => StatusCodes.BadCertificateUntrusted;
}
