using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Failure injection with a server of its own: restarts, dropped connections, a server down at start-up.</summary>
public sealed class ReconnectTests
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    internal static OpcUaClientOptions Options(MesOpcUaServer server) => new()
    {
        EndpointUrl = server.EndpointUrl,
        RequestTimeout = TimeSpan.FromSeconds(5),
        ReconnectDelay = TimeSpan.FromMilliseconds(200),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    internal static readonly SubscriptionOptions Fast = new() { PublishingInterval = TimeSpan.FromMilliseconds(100), MaxKeepAliveCount = 5, LifetimeCount = 300 };

    internal static async Task WaitForAsync(Func<bool> condition, TimeSpan within, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for " + what);
            }

            await Task.Delay(50, ct);
        }
    }

    [Fact]
    public async Task ServerRestart_MidSubscription_SubscriptionRecreatedAndValuesAfterRestartArrive()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        await using var client = await OpcUaClient.ConnectAsync(Options(server), _ct);
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter")), new MonitoredItemOptions(Mes("Line1.CurrentWorkOrder.WorkOrderNumber"))], _ct);
        var before = await SubscriptionTests.CollectAsync(subscription, 5, TimeSpan.FromSeconds(10), _ct, v => v.Value.Value.Type == BuiltInType.Int32);
        Assert.Equal(5, before.Count);

        await server.StopAsync(_ct);
        var stoppedAt = DateTime.UtcNow;
        await WaitForAsync(() => client.State == ConnectionState.Reconnecting, TimeSpan.FromSeconds(10), "the client to notice", _ct);
        await Task.Delay(500, _ct);
        await server.StartAgainAsync(_ct);

        // Values sampled by the restarted server carry a server timestamp after the stop.
        var after = await SubscriptionTests.CollectAsync(subscription, 2, TimeSpan.FromSeconds(30), _ct,
            v => v.Value.Value.Type == BuiltInType.Int32 && v.Value.ServerTimestamp > stoppedAt);
        Assert.True(after.Count == 2, $"state {client.State}, reconnects {client.ReconnectCount}, recreated {subscription.RecreateCount}, last error: {client.LastError}");
        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.True(client.ReconnectCount >= 1);
        Assert.True(subscription.RecreateCount >= 1, $"recreated {subscription.RecreateCount}, transferred {subscription.TransferCount}");
        Assert.NotEqual(0u, subscription.Id);
        Assert.NotNull(client.LastError);
        // The session is usable for plain reads too.
        Assert.True((await client.ReadValueAsync(Mes("Line1.Machine1.State"), _ct)).Status.IsGood);
    }

    [Fact]
    public async Task ServerDownAtStartup_WithRetries_ConnectsWhenServerComesUp()
    {
        await using var server = MesOpcUaServer.Create();
        var log = new ListLogger();
        var connect = OpcUaClient.ConnectAsync(Options(server) with { ConnectRetryAttempts = 100, Logger = log }, _ct);
        // Still trying after two failed attempts (counted, not timed).
        await WaitForAsync(() => log.Entries.Count(e => e.EventId == 4103) >= 2, TimeSpan.FromSeconds(60), "two failed attempts", _ct);
        Assert.False(connect.IsCompleted);
        await server.StartAgainAsync(_ct);
        await using var client = await connect.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.True((await client.ReadValueAsync(Mes("Line2.Machine1.State"), _ct)).Status.IsGood);
    }

    [Fact]
    public async Task ServerDownAtStartup_RetriesExhausted_TransientErrorNamingEndpoint()
    {
        await using var server = MesOpcUaServer.Create();
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => OpcUaClient.ConnectAsync(Options(server) with { ConnectRetryAttempts = 2 }, _ct));
        Assert.True(ex.IsTransient);
        Assert.Contains(server.EndpointUrl.ToString(), ex.Message, StringComparison.Ordinal);
    }
}
