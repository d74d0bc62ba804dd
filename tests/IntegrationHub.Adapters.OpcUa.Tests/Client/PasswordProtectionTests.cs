using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Tests.Support;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Issue 16 item 11: a None endpoint whose user token policy names no security policy.</summary>
public sealed class PasswordProtectionTests
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private static OpcUaClientOptions Options(MesOpcUaServer server, ExceptionLogger log) => ReconnectTests.Options(server) with
    {
        UserName = server.UserName,
        Password = server.Password,
        Logger = log,
    };

    [Fact]
    public async Task ClearTextPolicyOnly_RefusedByDefault_ErrorNamesTheSetting()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct, "--unencrypted-password-policy");
        var log = new ExceptionLogger();

        var e = await Assert.ThrowsAsync<OpcUaServiceException>(() => OpcUaClient.ConnectAsync(Options(server, log), _ct));

        Assert.Contains("clear text", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUnencryptedPassword", e.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Mes:AllowUnencryptedPassword", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, x => x.EventId == 4114);
    }

    [Fact]
    public async Task ClearTextPolicyOnly_AllowedBySetting_ConnectsAndLogsAWarning()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct, "--unencrypted-password-policy");
        var log = new ExceptionLogger();

        await using var client = await OpcUaClient.ConnectAsync(Options(server, log) with { AllowUnencryptedPassword = true }, _ct);

        Assert.True((await client.ReadValueAsync(ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s=Line1.Machine1.State"), _ct)).Status.IsGood);
        var warning = Assert.Single(log.Entries, x => x.EventId == 4114);
        Assert.Contains("unencrypted", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoneEndpointWithEncryptingPolicy_PasswordEncrypted_NoWarning()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        var log = new ExceptionLogger();

        await using var client = await OpcUaClient.ConnectAsync(Options(server, log), _ct);

        Assert.Equal(Services.MessageSecurityMode.None, client.SecurityMode);
        Assert.DoesNotContain(log.Entries, x => x.EventId == 4114);
    }
}
