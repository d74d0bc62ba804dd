using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// Issue 16 item 9, what was left: after a restart that reuses subscription ids, another client with the same
/// (anonymous) identity holds id 1 when the hub comes back. TransferSubscriptions of the hub's old id 1 would succeed
/// and steal that client's subscription. The server's StartTime tells the restart; where it does not (a StartTime
/// that stays the same), GetMonitoredItems tells that the transferred subscription is not the hub's.
/// </summary>
public sealed class ServerRestartTransferTests
{
    private const uint GoodSubscriptionTransferred = 0x002D0000;
    private readonly CancellationToken _ct = TestTimeout.Token(240);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    private static bool IsCounter(MonitoredItemValue v) => v.Value.Value.Type == BuiltInType.Int32;

    [Fact]
    public async Task ServerRestart_AnotherAnonymousClientHoldsIdOne_HubRecreatesAndLeavesItsSubscriptionAlone()
    {
        await using var scenario = await RestartScenario.RunAsync(_ct, "--first-subscription-id", "1");
        var (client, log, taken) = (scenario.Client, scenario.Log, scenario.Taken);

        // The other client's subscription is still its own: it goes on delivering to it, and the server never told it
        // that its subscription went to another session.
        var kept = await SubscriptionTests.CollectAsync(taken, 4, TimeSpan.FromSeconds(60), _ct, v => IsCounter(v) && v.Value.ServerTimestamp >= scenario.ReconnectedAt);
        Assert.True(kept.Count == 4, $"the other client's subscription 1 delivered {kept.Count} values after the hub reconnected (status change {taken.LastStatusChange}); hub log: {scenario.LogText}");
        Assert.Null(taken.LastStatusChange);

        await scenario.AssertHubSubscriptionsDeliverAsync(_ct);
        Assert.All(scenario.Hub, s => Assert.Equal(0, s.TransferCount));
        Assert.Equal(1, client.ServerRestartCount);
        Assert.NotEqual(scenario.StartedAt, client.ServerStartTime);
        var restart = Assert.Single(log.Entries, e => e.EventId == 4116);
        Assert.Contains("created anew, not transferred", restart.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, e => e.EventId == 4117);
    }

    [Fact]
    public async Task ServerRestartWithUnchangedStartTime_TransferredSubscriptionIsAnotherClients_GivenUpAndRecreated()
    {
        await using var scenario = await RestartScenario.RunAsync(_ct, "--first-subscription-id", "1", "--fixed-start-time", "2026-01-01T00:00:00Z");
        var (client, log, taken) = (scenario.Client, scenario.Log, scenario.Taken);

        // Nothing told the restart, so the transfer of id 1 went through (the other client was told so) ...
        await ReconnectTests.WaitForAsync(() => taken.LastStatusChange is not null, TimeSpan.FromSeconds(60), "the other client to hear of the transfer", _ct);
        Assert.Equal(GoodSubscriptionTransferred, taken.LastStatusChange!.Value.Code);
        Assert.Equal(0, client.ServerRestartCount);
        Assert.Equal(scenario.StartedAt, client.ServerStartTime);

        // ... but the hub saw that its items were not the hub's, gave it up and made its own anew.
        var foreign = Assert.Single(log.Entries, e => e.EventId == 4117);
        Assert.Contains("subscription 1 ", foreign.Message, StringComparison.Ordinal);
        await scenario.AssertHubSubscriptionsDeliverAsync(_ct);
        Assert.All(scenario.Hub, s => Assert.Equal(0, s.TransferCount));
        Assert.DoesNotContain(log.Entries, e => e.EventId == 4116);
    }

    [Fact]
    public async Task GetMonitoredItems_OwnSubscription_ServerAndClientHandlesOfItsItems()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        await using var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        var items = await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter")), new MonitoredItemOptions(Mes("Test.Double"))], _ct);

        var found = await client.GetMonitoredItemsAsync(subscription.Id, _ct);

        Assert.NotNull(found);
        Assert.Equal(items.Select(i => (i.ServerId, i.ClientHandle)).Order(), found.Value.ServerHandles.Zip(found.Value.ClientHandles).Order());
        // Another session's subscription, or none: the server refuses (BadUserAccessDenied, BadSubscriptionIdInvalid).
        Assert.Null(await client.GetMonitoredItemsAsync(subscription.Id + 1000, _ct));
    }

    /// <summary>
    /// The hub holds subscriptions 1, 2 and 3; the server restarts while the hub cannot reach it, and another client
    /// with the same identity takes id 1 (with other items than the hub's) before the hub is back.
    /// </summary>
    private sealed class RestartScenario : IAsyncDisposable
    {
        private readonly List<IAsyncDisposable> _owned = [];

        public required OpcUaClient Client { get; init; }

        public required ListLogger Log { get; init; }

        public required List<OpcUaSubscription> Hub { get; init; }

        public required OpcUaSubscription Taken { get; init; }

        public DateTime? StartedAt { get; init; }

        public DateTime? ReconnectedAt { get; init; }

        public string LogText => string.Join(" | ", Log.Entries.Select(e => $"{e.EventId}: {e.Message}"));

        public static async Task<RestartScenario> RunAsync(CancellationToken ct, params string[] serverArgs)
        {
            var owned = new List<IAsyncDisposable>();
            try
            {
                var server = await MesOpcUaServer.StartAsync(ct, serverArgs);
                owned.Add(server);
                var proxy = new CuttableTcpProxy(server.Port);
                owned.Add(proxy);
                var log = new ListLogger();
                var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server) with { EndpointUrl = proxy.EndpointUrl, Logger = log }, ct);
                owned.Add(client);
                var startedAt = client.ServerStartTime;
                Assert.NotNull(startedAt);
                var hub = new List<OpcUaSubscription>();
                for (var i = 0; i < 3; i++)
                {
                    var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, ct);
                    await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], ct);
                    hub.Add(subscription);
                }

                Assert.Equal([1u, 2u, 3u], hub.Select(s => s.Id).Order());
                foreach (var subscription in hub)
                {
                    Assert.Single(await SubscriptionTests.CollectAsync(subscription, 1, TimeSpan.FromSeconds(60), ct, IsCounter));
                }

                proxy.CutAndBlock();
                await server.StopAsync(ct);
                await server.StartAgainAsync(ct);
                var other = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), ct);
                owned.Add(other);
                var taken = await other.CreateSubscriptionAsync(ReconnectTests.Fast, ct);
                Assert.Equal(1u, taken.Id);
                await taken.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Double")), new MonitoredItemOptions(Mes("Test.Counter"))], ct);
                Assert.Single(await SubscriptionTests.CollectAsync(taken, 1, TimeSpan.FromSeconds(60), ct, IsCounter));

                proxy.Unblock();
                await ReconnectTests.WaitForAsync(() => client.ReconnectCount == 1, TimeSpan.FromSeconds(120), "the hub's reconnect", ct);
                var reconnectedAt = (await other.ReadValueAsync(WellKnownNodeIds.ServerCurrentTime, ct)).Value.Value as DateTime?;
                Assert.NotNull(reconnectedAt);
                var scenario = new RestartScenario { Client = client, Log = log, Hub = hub, Taken = taken, StartedAt = startedAt, ReconnectedAt = reconnectedAt };
                scenario._owned.AddRange(owned);
                return scenario;
            }
            catch
            {
                await DisposeAllAsync(owned);
                throw;
            }
        }

        // Every one of the hub's three subscriptions delivers values the restarted server sampled, none under id 1 (the
        // other client's), each created anew once.
        public async Task AssertHubSubscriptionsDeliverAsync(CancellationToken ct)
        {
            foreach (var subscription in Hub)
            {
                var after = await SubscriptionTests.CollectAsync(subscription, 2, TimeSpan.FromSeconds(60), ct, v => IsCounter(v) && v.Value.ServerTimestamp >= ReconnectedAt);
                Assert.True(after.Count == 2, $"hub subscription now {subscription.Id} (recreated {subscription.RecreateCount}, transferred {subscription.TransferCount}) delivered {after.Count}; log: {LogText}");
                Assert.All(after, v => Assert.Contains(v.Item, subscription.Items));
            }

            Assert.Equal(3, Hub.Select(s => s.Id).Distinct().Count());
            Assert.DoesNotContain(1u, Hub.Select(s => s.Id));
            Assert.All(Hub, s => Assert.Equal(1, s.RecreateCount));
        }

        public async ValueTask DisposeAsync() => await DisposeAllAsync(_owned);

        private static async Task DisposeAllAsync(List<IAsyncDisposable> owned)
        {
            for (var i = owned.Count - 1; i >= 0; i--)
            {
                await owned[i].DisposeAsync();
            }
        }
    }
}
