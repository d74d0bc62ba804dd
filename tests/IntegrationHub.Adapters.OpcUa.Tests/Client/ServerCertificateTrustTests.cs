using IntegrationHub.Adapters.OpcUa.Certificates;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

[Collection(MesServerCollection.Name)]
public sealed class ServerCertificateTrustTests(MesOpcUaServerFixture fixture) : IDisposable
{
    private readonly string _pki = Path.Combine(Path.GetTempPath(), "opcua-client-pki-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_pki, recursive: true);

    // The None endpoint keeps the channel plain, but the password is still encrypted with the server's certificate,
    // so that certificate has to be trusted first.
    [Fact]
    public async Task Connect_UntrustedServerCertificate_ErrorNamesThumbprintAndFolderThenTrustedAfterMove()
    {
        var ct = TestTimeout.Token();
        var options = new OpcUaClientOptions
        {
            EndpointUrl = fixture.Server.EndpointUrl,
            PkiRoot = _pki,
            ApplicationUri = "urn:integrationhub:test-client",
            MaximumSecurityMode = MessageSecurityMode.None,
            UserName = fixture.Server.UserName,
            Password = fixture.Server.Password,
        };

        var ex = await Assert.ThrowsAsync<CertificateUntrustedException>(() => OpcUaClient.ConnectAsync(options, ct));
        Assert.Matches("^[0-9A-F]{40}$", ex.Thumbprint);
        Assert.Contains(Path.Combine(_pki, "trusted", "certs"), ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_pki, "own", "certs", "application.der")));

        File.Move(ex.RejectedPath, Path.Combine(ex.TrustedFolder, Path.GetFileName(ex.RejectedPath)));
        await using var client = await OpcUaClient.ConnectAsync(options, ct);
        Assert.True(client.Namespaces.IndexOf(MesOpcUaServer.NamespaceUri) > 0);
    }

    [Fact]
    public async Task Connect_NoneEndpointAnonymous_NeedsNoTrustedServerCertificate()
    {
        var options = new OpcUaClientOptions
        {
            EndpointUrl = fixture.Server.EndpointUrl,
            PkiRoot = _pki,
            ApplicationUri = "urn:integrationhub:test-client",
            MaximumSecurityMode = MessageSecurityMode.None,
        };

        await using var client = await OpcUaClient.ConnectAsync(options, TestTimeout.Token());

        Assert.Equal(MessageSecurityMode.None, client.Endpoint!.SecurityMode);
        Assert.Empty(Directory.GetFiles(Path.Combine(_pki, "rejected", "certs")));
    }

    [Fact]
    public async Task Connect_ServerDoesNotTrustClientCertificate_ErrorNamesTheClientCertificate()
    {
        var ct = TestTimeout.Token();
        var options = new OpcUaClientOptions
        {
            EndpointUrl = fixture.Server.EndpointUrl,
            PkiRoot = _pki,
            ApplicationUri = "urn:integrationhub:test-client",
            SecurityMode = MessageSecurityMode.SignAndEncrypt,
        };
        var untrusted = await Assert.ThrowsAsync<CertificateUntrustedException>(() => OpcUaClient.ConnectAsync(options, ct));
        File.Move(untrusted.RejectedPath, Path.Combine(untrusted.TrustedFolder, Path.GetFileName(untrusted.RejectedPath)));

        // The shared simulator does not accept unknown client certificates.
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => OpcUaClient.ConnectAsync(options, ct));

        Assert.Contains(Path.Combine(_pki, "own", "certs", "application.der"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("trusted certificates", ex.Message, StringComparison.Ordinal);
    }
}
