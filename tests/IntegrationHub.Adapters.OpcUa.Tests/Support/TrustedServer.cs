using IntegrationHub.Adapters.OpcUa.Certificates;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Support;

/// <summary>
/// A MES simulator started with extra arguments that accepts the client's certificate, and a client PKI folder that
/// trusts the server's, as after commissioning: the first connect is refused and the certificate moved to trusted/.
/// </summary>
internal sealed class TrustedServer : IAsyncDisposable
{
    private TrustedServer(MesOpcUaServer server, string pki)
    {
        Server = server;
        Pki = pki;
    }

    public MesOpcUaServer Server { get; }

    public string Pki { get; }

    public static async Task<TrustedServer> StartAsync(CancellationToken cancellationToken, params string[] extraArgs)
    {
        var server = await MesOpcUaServer.StartAsync(cancellationToken, ["--auto-accept-client-certs", .. extraArgs]);
        var trusted = new TrustedServer(server, Path.Combine(Path.GetTempPath(), "opcua-policy-pki-" + Guid.NewGuid().ToString("N")));
        var refused = await Assert.ThrowsAsync<CertificateUntrustedException>(() => OpcUaClient.ConnectAsync(
            trusted.Options() with { SecurityMode = MessageSecurityMode.Sign }, cancellationToken));
        File.Move(refused.RejectedPath, Path.Combine(refused.TrustedFolder, Path.GetFileName(refused.RejectedPath)));
        return trusted;
    }

    /// <summary>Options with a user name, the trusted PKI, and Best security unless the caller narrows it.</summary>
    public OpcUaClientOptions Options() => new()
    {
        EndpointUrl = Server.EndpointUrl,
        PkiRoot = Pki,
        ApplicationUri = "urn:integrationhub:test-client",
        UserName = Server.UserName,
        Password = Server.Password,
    };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Directory.Exists(Pki))
        {
            Directory.Delete(Pki, recursive: true);
        }
    }
}
