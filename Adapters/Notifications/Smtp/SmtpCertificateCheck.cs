using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// Decides whether the relay's certificate is trusted, for one connection: the system's CAs, else the site's own CA
/// (<see cref="SmtpSettings.CaFile"/>), and anything only when <see cref="SmtpSettings.AllowUntrustedCertificate"/> is
/// on. Keeps why it refused, for the error (MailKit reports only that the handshake failed).
/// </summary>
internal sealed class SmtpCertificateCheck(SmtpSettings settings)
{
    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? Problem { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None || settings.AllowUntrustedCertificate)
        {
            return true;
        }

        // A site CA fixes only the chain: a certificate for another name is refused whatever signed it.
        if (certificate is not null && settings.CaFile is { Length: > 0 } caFile && errors == SslPolicyErrors.RemoteCertificateChainErrors)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.ImportFromPemFile(caFile);
            using var server = new X509Certificate2(certificate);
            if (custom.Build(server))
            {
                return true;
            }

            Problem = $"The server's certificate ({certificate.Subject}) is not trusted: it was not signed by the CA in CaFile '{caFile}' ({string.Join(", ", custom.ChainStatus.Select(s => s.Status))}).";
            return false;
        }

        Problem = $"The server's certificate ({certificate?.Subject ?? "none"}) is not trusted: {errors}.";
        return false;
    }
}
