using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Certificates;

namespace IntegrationHub.Adapters.OpcUa.Tests.Certificates;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opcua-pki-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void GetOrCreate_FirstStart_Rsa2048Sha256WithApplicationUriInSan()
    {
        var store = new CertificateStore(_root);
        using var cert = store.GetOrCreateApplicationCertificate("urn:test:client", "Test Client", "host1");
        Assert.Equal(2048, cert.GetRSAPublicKey()!.KeySize);
        Assert.Equal("1.2.840.113549.1.1.11", cert.SignatureAlgorithm.Value); // sha256WithRSAEncryption
        Assert.True(cert.HasPrivateKey);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("urn:test:client", System.Text.Encoding.ASCII.GetString(san.RawData), StringComparison.Ordinal);
        Assert.Contains("host1", san.EnumerateDnsNames());
        Assert.True(File.Exists(Path.Combine(_root, "own", "certs", "application.der")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "own", "private", "application.pfx")));
        }
    }

    [Fact]
    public void GetOrCreate_SecondStart_SameCertificate()
    {
        using var first = new CertificateStore(_root).GetOrCreateApplicationCertificate("urn:test:client", "Test Client", "host1");
        using var second = new CertificateStore(_root).GetOrCreateApplicationCertificate("urn:test:client", "Test Client", "host1");
        Assert.Equal(first.Thumbprint, second.Thumbprint);
    }

    [Fact]
    public void GetOrCreate_OtherApplicationUri_NewCertificate()
    {
        using var first = new CertificateStore(_root).GetOrCreateApplicationCertificate("urn:test:client", "Test Client", "host1");
        using var second = new CertificateStore(_root).GetOrCreateApplicationCertificate("urn:test:other", "Test Client", "host1");
        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
    }

    [Fact]
    public void Validate_UntrustedThenMovedToTrusted_RejectedWithThumbprintThenAccepted()
    {
        var serverStore = new CertificateStore(Path.Combine(_root, "server"));
        using var serverCert = serverStore.GetOrCreateApplicationCertificate("urn:test:server", "Server", "host2");
        var store = new CertificateStore(Path.Combine(_root, "client"));

        var ex = Assert.Throws<CertificateUntrustedException>(() => store.ValidateServerCertificate(serverCert.RawData));
        Assert.Equal(serverCert.Thumbprint, ex.Thumbprint);
        Assert.Contains(serverCert.Thumbprint, ex.Message, StringComparison.Ordinal);
        Assert.Contains(store.TrustedFolder, ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(ex.RejectedPath));

        File.Move(ex.RejectedPath, Path.Combine(store.TrustedFolder, Path.GetFileName(ex.RejectedPath)));
        store.ValidateServerCertificate(serverCert.RawData);
    }
}
