using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// Issue 16 item 9: a restarted server that counts subscription ids from 1 again, and a subscription the server
/// stops serving while the connection stays up.
/// </summary>
public sealed class SubscriptionIdReuseTests
{
    private readonly CancellationToken _ct = TestTimeout.Token(180);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    private static bool IsCounter(MonitoredItemValue v) => v.Value.Value.Type == BuiltInType.Int32;

    [Fact]
    public async Task ServerRestartReusingIds_AnotherClientTakesIdOneFirst_AllThreeSubscriptionsDeliverAfterwards()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct, "--first-subscription-id", "1");
        await using var proxy = new CuttableTcpProxy(server.Port);
        var log = new ListLogger();
        await using var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server) with { EndpointUrl = proxy.EndpointUrl, Logger = log }, _ct);
        var subscriptions = new List<OpcUaSubscription>();
        for (var i = 0; i < 3; i++)
        {
            var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
            await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
            subscriptions.Add(subscription);
        }

        Assert.Equal([1u, 2u, 3u], subscriptions.Select(s => s.Id).Order());
        foreach (var subscription in subscriptions)
        {
            Assert.Single(await SubscriptionTests.CollectAsync(subscription, 1, TimeSpan.FromSeconds(60), _ct, IsCounter));
        }

        // The server restarts (a new process, ids from 1 again) while the hub cannot reach it, and another client
        // (another user, so that nothing can be transferred between the two) takes id 1 before the hub is back.
        proxy.CutAndBlock();
        await server.StopAsync(_ct);
        await server.StartAgainAsync(_ct);
        await using var other = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server) with { UserName = server.UserName, Password = server.Password }, _ct);
        var taken = await other.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        Assert.Equal(1u, taken.Id);
        var restartedAt = (await other.ReadValueAsync(WellKnownNodeIds.ServerCurrentTime, _ct)).Value.Value as DateTime?;
        Assert.NotNull(restartedAt);
        proxy.Unblock();
        await ReconnectTests.WaitForAsync(() => client.ReconnectCount == 1, TimeSpan.FromSeconds(120), "the reconnect", _ct);

        // Every one of the three delivers values the restarted server sampled.
        foreach (var subscription in subscriptions)
        {
            var after = await SubscriptionTests.CollectAsync(subscription, 2, TimeSpan.FromSeconds(60), _ct,
                v => IsCounter(v) && v.Value.ServerTimestamp >= restartedAt);
            Assert.True(after.Count == 2, $"subscription now {subscription.Id} (recreated {subscription.RecreateCount}) delivered {after.Count}; ids {string.Join(",", client.Subscriptions.Select(s => s.Id))}; log: {string.Join(" | ", log.Entries.Select(e => e.Message))}");
        }

        Assert.Equal(3, subscriptions.Select(s => s.Id).Distinct().Count());
        Assert.DoesNotContain(1u, subscriptions.Select(s => s.Id));
        Assert.All(subscriptions, s => Assert.Equal(1, s.RecreateCount));
        Assert.Empty(client.SilentSubscriptions);
    }

    [Fact]
    public async Task SubscriptionTheServerStopsServing_BecomesSilent_OnceWhileTheOthersDeliver()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        var log = new ListLogger();
        await using var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server) with { Logger = log }, _ct);
        var lost = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        var alive = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        await alive.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
        Assert.Single(await SubscriptionTests.CollectAsync(alive, 1, TimeSpan.FromSeconds(60), _ct));
        await ReconnectTests.WaitForAsync(() => lost.KeepAliveCount > 0, TimeSpan.FromSeconds(60), "a keep-alive of the quiet subscription", _ct);
        Assert.False(lost.IsSilent);

        // The server forgets the subscription behind the client's back (as when it lost it, or it was recreated
        // under another id the client does not know).
        var deleted = await client.CallAsync<StatusCodesResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [lost.Id] }, _ct);
        Assert.True(deleted.Results[0].IsGood);

        await ReconnectTests.WaitForAsync(() => lost.IsSilent, TimeSpan.FromSeconds(120), "the lost subscription to be reported", _ct);
        // The other keeps delivering: several more keep-alive periods of it pass, and the report stays one.
        var values = await SubscriptionTests.CollectAsync(alive, 20, TimeSpan.FromSeconds(60), _ct);
        Assert.Equal(20, values.Count);
        Assert.False(alive.IsSilent);
        Assert.Same(lost, Assert.Single(client.SilentSubscriptions));
        var warning = Assert.Single(log.Entries, e => e.EventId == 4110);
        Assert.Contains($"subscription {lost.Id} ", warning.Message, StringComparison.Ordinal);
    }
}
