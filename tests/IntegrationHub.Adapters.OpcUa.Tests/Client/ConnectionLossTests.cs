using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Connection failures while the shared server keeps running: a dropped connection, a network cut longer than the session timeout.</summary>
[Collection(MesServerCollection.Name)]
public sealed class ConnectionLossTests(MesOpcUaServerFixture fixture)
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    [Fact]
    public async Task ConnectionDropped_ServerAlive_SessionReactivatedAndSubscriptionKept()
    {
        var server = fixture.Server;
        var log = new ListLogger();
        await using var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server) with { Logger = log }, _ct);
        var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
        await SubscriptionTests.CollectAsync(subscription, 3, TimeSpan.FromSeconds(10), _ct);
        var id = subscription.Id;
        var sessionId = client.SessionId;

        client.Channel.Abort(new OpcUaServiceException(StatusCodes.BadCommunicationError, "test: network cut"));
        await ReconnectTests.WaitForAsync(() => client.ReconnectCount == 1, TimeSpan.FromSeconds(20), "the reconnect", _ct);
        var after = await SubscriptionTests.CollectAsync(subscription, 3, TimeSpan.FromSeconds(10), _ct);

        Assert.Equal(3, after.Count);
        Assert.Equal(1, client.SessionReactivationCount);
        Assert.Equal(sessionId, client.SessionId);
        Assert.Equal(id, subscription.Id);
        Assert.Equal(0, subscription.RecreateCount);
        // Connected, connection lost, reconnected (session reactivated): stable event ids for operators.
        var ids = log.Entries.Select(e => e.EventId).ToList();
        Assert.Equal([4101, 4102, 4104], ids.Where(i => i is 4101 or 4102 or 4104).ToArray());
        Assert.Contains(log.Entries, e => e.EventId == 4104 && e.Message.Contains("reactivated: True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionTimedOutWhileDisconnected_NewSessionAndSubscriptionTransferred()
    {
        var server = fixture.Server;
        await using var proxy = new CuttableTcpProxy(server.Port);
        // A 1 s session timeout; the network stays cut until the server has dropped the session, so the session is
        // gone when the client comes back, but the subscription (lifetime 300 x 100 ms) is still there to be
        // transferred (Part 4 5.13.7).
        var options = ReconnectTests.Options(server) with { EndpointUrl = proxy.EndpointUrl, SessionTimeout = TimeSpan.FromSeconds(1) };
        await using var client = await OpcUaClient.ConnectAsync(options, _ct);
        var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
        await SubscriptionTests.CollectAsync(subscription, 2, TimeSpan.FromSeconds(10), _ct);
        var sessionId = client.SessionId;
        var id = subscription.Id;
        await using var probe = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        Assert.True(await SessionKnownAsync(probe, sessionId), "the probe sees the client's session before the cut");

        proxy.CutAndBlock();
        await ReconnectTests.WaitForAsync(() => client.State == ConnectionState.Reconnecting, TimeSpan.FromSeconds(10), "the client to notice", _ct);
        while (await SessionKnownAsync(probe, sessionId))
        {
            // Polling a condition, not a bound: the hang guard is the test's overall timeout.
            await Task.Delay(100, _ct);
        }

        proxy.Unblock();
        await ReconnectTests.WaitForAsync(() => client.ReconnectCount == 1, TimeSpan.FromSeconds(30), "the reconnect", _ct);
        var after = await SubscriptionTests.CollectAsync(subscription, 3, TimeSpan.FromSeconds(10), _ct);

        Assert.Equal(3, after.Count);
        Assert.True(sessionId != client.SessionId, $"session timeout {client.RevisedSessionTimeout}, reactivations {client.SessionReactivationCount}");
        Assert.Equal(1, subscription.TransferCount);
        Assert.Equal(0, subscription.RecreateCount);
        Assert.Equal(id, subscription.Id);
    }

    // Part 4 5.6.2: the session id names the session's diagnostics object in the server's address space (node-opcua
    // puts it under SessionsDiagnosticsSummary); once the server has dropped the session for its timeout, the node
    // is gone.
    private async Task<bool> SessionKnownAsync(OpcUaClient probe, NodeId sessionId)
    {
        var browseName = (await probe.ReadAsync([new ReadValueId(sessionId, Attributes.BrowseName)], _ct))[0];
        Assert.True(browseName.Status.IsGood || browseName.Status == StatusCodes.BadNodeIdUnknown, $"reading the session's node {sessionId}: {browseName.Status}");
        return browseName.Status.IsGood;
    }
}
