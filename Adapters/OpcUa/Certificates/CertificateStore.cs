using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Certificates;

/// <summary>
/// The client's PKI folder, laid out as OPC UA applications usually do (Part 12 F): <c>own/certs</c> and
/// <c>own/private</c> for the application instance certificate, <c>trusted/certs</c> for trusted server
/// certificates, <c>rejected/certs</c> for certificates seen but not trusted.
/// </summary>
public sealed class CertificateStore
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Opens (and creates the folders of) the store under <paramref name="root"/>.</summary>
    public CertificateStore(string root, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _timeProvider = timeProvider ?? TimeProvider.System;
        Directory.CreateDirectory(OwnCertsFolder);
        Directory.CreateDirectory(OwnPrivateFolder);
        Directory.CreateDirectory(TrustedFolder);
        Directory.CreateDirectory(RejectedFolder);
    }

    /// <summary>The root folder.</summary>
    public string Root { get; }

    /// <summary>Folder of trusted server certificates (DER files).</summary>
    public string TrustedFolder => Path.Combine(Root, "trusted", "certs");

    /// <summary>Folder where untrusted certificates are written for review.</summary>
    public string RejectedFolder => Path.Combine(Root, "rejected", "certs");

    private string OwnCertsFolder => Path.Combine(Root, "own", "certs");

    private string OwnPrivateFolder => Path.Combine(Root, "own", "private");

    /// <summary>
    /// Loads the application instance certificate, creating it on first use: RSA 2048, SHA-256, self-signed,
    /// the application URI (and host name) in the subject alternative name, valid for <paramref name="validity"/>.
    /// </summary>
    public X509Certificate2 GetOrCreateApplicationCertificate(string applicationUri, string applicationName, string hostName, TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationUri);
        var pfxPath = Path.Combine(OwnPrivateFolder, "application.pfx");
        if (File.Exists(pfxPath))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, null, X509KeyStorageFlags.Exportable);
            var now = _timeProvider.GetUtcNow().UtcDateTime;
            if (existing.NotAfter.ToUniversalTime() > now && HasUri(existing, applicationUri))
            {
                return existing;
            }

            existing.Dispose(); // expired or made for another application URI: make a new one
        }

        using var rsa = RSA.Create(2048);
        var subject = new X500DistinguishedName($"CN={applicationName}, O=IntegrationHub, DC={hostName}");
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(applicationUri));
        san.AddDnsName(hostName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        // Part 6 6.2.2: digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment; client and server authentication.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment,
            critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = _timeProvider.GetUtcNow().AddMinutes(-5);
        using var created = request.CreateSelfSigned(notBefore, notBefore + (validity ?? TimeSpan.FromDays(365 * 5)));
        var pfx = created.Export(X509ContentType.Pkcs12);
        File.WriteAllBytes(pfxPath, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pfxPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllBytes(Path.Combine(OwnCertsFolder, "application.der"), created.RawData);
        return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>
    /// Checks that a server certificate is trusted (its DER file is in <see cref="TrustedFolder"/>) and currently
    /// valid. An untrusted one is written to <see cref="RejectedFolder"/> and a
    /// <see cref="CertificateUntrustedException"/> names its thumbprint and where to move it.
    /// </summary>
    public void ValidateServerCertificate(byte[] derCertificate)
    {
        ArgumentNullException.ThrowIfNull(derCertificate);
        using var certificate = X509CertificateLoader.LoadCertificate(derCertificate);
        var thumbprint = certificate.Thumbprint;
        var trusted = Directory.EnumerateFiles(TrustedFolder)
            .Select(TryLoad)
            .Any(c =>
            {
                using (c)
                {
                    return c is not null && string.Equals(c.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase);
                }
            });
        if (!trusted)
        {
            var rejectedPath = Path.Combine(RejectedFolder, thumbprint + ".der");
            File.WriteAllBytes(rejectedPath, derCertificate);
            throw new CertificateUntrustedException(certificate.Subject, thumbprint, rejectedPath, TrustedFolder);
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (certificate.NotBefore.ToUniversalTime() > now || certificate.NotAfter.ToUniversalTime() < now)
        {
            throw new OpcUaServiceException(new StatusCode(0x80140000), // BadCertificateTimeInvalid
                $"The trusted server certificate {thumbprint} is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now.");
        }
    }

    private static X509Certificate2? TryLoad(string path)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException)
        {
            return null; // not a certificate; ignored
        }
    }

    // The URI is an IA5String (ASCII) inside the SAN extension's DER: a byte search is enough to tell whether it is there.
    private static bool HasUri(X509Certificate2 certificate, string uri) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .Any(e => e.RawData.Length > 0 && System.Text.Encoding.ASCII.GetString(e.RawData).Contains(uri, StringComparison.Ordinal));
}
