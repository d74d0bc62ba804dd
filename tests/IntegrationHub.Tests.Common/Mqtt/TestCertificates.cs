using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>A throwaway CA with a server certificate (localhost, 127.0.0.1) and a client certificate, written as PEM files.</summary>
public sealed class TestCertificates
{
    private TestCertificates(string directory)
    {
        CaFile = Path.Combine(directory, "ca.crt");
        ServerCertFile = Path.Combine(directory, "server.crt");
        ServerKeyFile = Path.Combine(directory, "server.key");
        ClientCertFile = Path.Combine(directory, "client.crt");
        ClientKeyFile = Path.Combine(directory, "client.key");
        OtherCaFile = Path.Combine(directory, "other-ca.crt");
    }

    public string CaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertFile { get; }

    public string ClientKeyFile { get; }

    /// <summary>Gets a CA that signed nothing here: trusting only it must make the broker untrusted.</summary>
    public string OtherCaFile { get; }

    public static TestCertificates Create(string directory)
    {
        var files = new TestCertificates(directory);
        DateTimeOffset now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=IntegrationHub Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now, now.AddDays(2));
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        Issue(ca, "CN=localhost", san.Build(), "1.3.6.1.5.5.7.3.1", files.ServerCertFile, files.ServerKeyFile, 1);
        Issue(ca, "CN=hub-client", null, "1.3.6.1.5.5.7.3.2", files.ClientCertFile, files.ClientKeyFile, 2);

        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=Unrelated CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 other = otherRequest.CreateSelfSigned(now, now.AddDays(2));
        File.WriteAllText(files.OtherCaFile, other.ExportCertificatePem());
        return files;
    }

    private static void Issue(X509Certificate2 ca, string subject, X509Extension? san, string usageOid, string certFile, string keyFile, byte serial)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        DateTimeOffset now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using X509Certificate2 issued = request.Create(ca, now, now.AddDays(1), [serial, 0x42, 0x17]);
        File.WriteAllText(certFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
