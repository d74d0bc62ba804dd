using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mqtt.Adoption;

/// <summary>
/// The adoption's decisions (issue 18, a dead node's MQTT session), one round at a time on a fake clock that is also the
/// lease store's: an expired session lease of another node is taken and its client started; a node's own is never
/// adopted; a lease another node takes first is left alone; an owner that is back asks for its session, and the
/// adopter stops the client before it releases the lease; a lost renewal stops the client.
/// </summary>
public sealed class MqttSessionAdoptionTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Expired = Duration + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ExpiredLeaseOfAnotherNode_IsAdopted_ClientStarted_ThenRenewedEachRound_NotStartedTwice()
    {
        var rig = new Rig();
        await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a", Duration, CancellationToken.None);
        var b = rig.Node("node-b", "hub-b");

        // While node A renews its lease, nothing is taken.
        await b.Adoption.RoundAsync(CancellationToken.None);
        Assert.Empty(b.Adoption.Adopted);
        Assert.Empty(rig.Sessions);

        rig.Time.Advance(Expired);
        await b.Adoption.RoundAsync(CancellationToken.None);

        Assert.Equal(["hub-a"], b.Adoption.Adopted);
        var session = Assert.Single(rig.Sessions);
        Assert.Equal(("hub-a", 1, 0), (session.ClientId, session.Starts, session.Stops));
        var row = rig.Store.Row("mqtt/hub-a")!;
        Assert.Equal(("node-b", 2L, true), (row.Holder, row.Token, row.Live));
        Assert.Contains(b.Logs.Entries, e => e.EventId == 1740 && e.Message.Contains("MQTT session hub-a adopted by node node-b", StringComparison.Ordinal)
            && e.Message.Contains("its last holder node-a", StringComparison.Ordinal));
        Assert.Equal(["mqtt/hub-a"], b.Adoption.Held.Select(g => g.Name));

        // Each round renews it: past the first expiry it is still node B's, with the same token, and the client was not
        // started again.
        for (var i = 0; i < 4; i++)
        {
            rig.Time.Advance(TimeSpan.FromSeconds(2));
            await b.Adoption.RoundAsync(CancellationToken.None);
        }

        row = rig.Store.Row("mqtt/hub-a")!;
        Assert.Equal(("node-b", 2L, true), (row.Holder, row.Token, row.Live));
        Assert.Equal((1, 0), (session.Starts, session.Stops));
        Assert.Single(rig.Sessions);
    }

    [Fact]
    public async Task OwnExpiredLease_IsNeverAdopted()
    {
        var rig = new Rig();
        await rig.Store.TryAcquireAsync("mqtt/hub-b", "node-b-before-restart", Duration, CancellationToken.None);
        var b = rig.Node("node-b", "hub-b");
        rig.Time.Advance(Expired);

        await b.Adoption.RoundAsync(CancellationToken.None);

        Assert.Empty(b.Adoption.Adopted);
        Assert.Empty(rig.Sessions);
        Assert.Equal(("node-b-before-restart", 1L), (rig.Store.Row("mqtt/hub-b")!.Holder, rig.Store.Row("mqtt/hub-b")!.Token));
        Assert.DoesNotContain(b.Logs.Entries, e => e.EventId == 1740);
    }

    [Fact]
    public async Task ExpiredLeaseThatAnotherNodeTakesFirst_NothingHappens()
    {
        var rig = new Rig();
        await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a", Duration, CancellationToken.None);
        var b = rig.Node("node-b", "hub-b");
        rig.Time.Advance(Expired);
        // Node C takes the lease between node B's listing (which shows it expired) and node B's attempt.
        rig.Store.AfterList = () => rig.Store.TryAcquireAsync("mqtt/hub-a", "node-c", Duration, CancellationToken.None).GetAwaiter().GetResult();

        await b.Adoption.RoundAsync(CancellationToken.None);

        Assert.Empty(b.Adoption.Adopted);
        Assert.Empty(rig.Sessions);
        Assert.Equal("node-c", rig.Store.Row("mqtt/hub-a")!.Holder);
        Assert.DoesNotContain(b.Logs.Entries, e => e.EventId == 1740);
    }

    [Fact]
    public async Task OwnerBack_AsksForItsSession_AdopterStopsTheClientThenReleases_NoOtherNodeAdoptsIt_OwnerTakesIt_RequestWithdrawn()
    {
        var rig = new Rig();
        await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a", Duration, CancellationToken.None);
        var b = rig.Node("node-b", "hub-b");
        var c = rig.Node("node-c", "hub-c");
        rig.Time.Advance(Expired);
        await b.Adoption.RoundAsync(CancellationToken.None);
        var session = Assert.Single(rig.Sessions);

        // Node A restarts (a new node id): its lease runner finds its session lease held by node B.
        LeaseGrant? ownLease = null;
        var a = rig.Node("node-a2", "hub-a", () => ownLease is not null);
        Assert.Null(await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a2", Duration, CancellationToken.None));
        await a.Adoption.RoundAsync(CancellationToken.None);
        Assert.True(rig.Store.Row("mqtt-return/hub-a") is { Live: true, Holder: "node-a2" });
        Assert.Contains(a.Logs.Entries, e => e.EventId == 1743 && e.Message.Contains("node-a2 asks for its MQTT session hub-a back", StringComparison.Ordinal));

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await b.Adoption.RoundAsync(CancellationToken.None);

        // The client stopped while the lease was still node B's, and only then was the lease released.
        Assert.Equal((1, 1, true), (session.Starts, session.Stops, session.Disposed));
        Assert.True(session.LeaseAtStop is { Holder: "node-b", Live: true }, $"lease at the client's stop: {session.LeaseAtStop}");
        Assert.False(rig.Store.Row("mqtt/hub-a")!.Live);
        Assert.Empty(b.Adoption.Adopted);
        Assert.Contains(b.Logs.Entries, e => e.EventId == 1741 && e.Message.Contains("MQTT session hub-a handed back by node node-b: node node-a2 asks for it", StringComparison.Ordinal));

        // Expired, but asked for: neither node B again nor node C takes it.
        await c.Adoption.RoundAsync(CancellationToken.None);
        await b.Adoption.RoundAsync(CancellationToken.None);
        Assert.Single(rig.Sessions);
        Assert.Empty(c.Adoption.Adopted);

        // The owner's lease runner takes it; the owner's next round withdraws its request.
        ownLease = await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a2", Duration, CancellationToken.None);
        Assert.NotNull(ownLease);
        await a.Adoption.RoundAsync(CancellationToken.None);
        Assert.False(rig.Store.Row("mqtt-return/hub-a")!.Live);
        Assert.Empty(a.Adoption.Held);
    }

    [Fact]
    public async Task AdoptedLeaseLost_RenewalRefused_ClientStopped_NotAdoptedAgainWhileAnotherNodeHoldsIt()
    {
        var rig = new Rig();
        await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a", Duration, CancellationToken.None);
        var b = rig.Node("node-b", "hub-b");
        rig.Time.Advance(Expired);
        await b.Adoption.RoundAsync(CancellationToken.None);
        var session = Assert.Single(rig.Sessions);

        // Node B pauses past its lease; node C takes the session over.
        rig.Time.Advance(Expired);
        Assert.NotNull(await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-c", Duration, CancellationToken.None));
        await b.Adoption.RoundAsync(CancellationToken.None);

        Assert.Equal((1, 1), (session.Starts, session.Stops));
        Assert.Empty(b.Adoption.Adopted);
        Assert.Single(rig.Sessions);
        Assert.Contains(b.Logs.Entries, e => e.EventId == 1742 && e.Message.Contains("another node holds it now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StopReleasesTheAdoptedLeaseAtOnce_CrashLeavesItToRunOut()
    {
        var rig = new Rig();
        await rig.Store.TryAcquireAsync("mqtt/hub-a", "node-a", Duration, CancellationToken.None);
        await rig.Store.TryAcquireAsync("mqtt/hub-c", "node-c", Duration, CancellationToken.None);
        var b = rig.Node("node-b", "hub-b");
        var d = rig.Node("node-d", "hub-d");
        rig.Time.Advance(Expired);
        await b.Adoption.RoundAsync(CancellationToken.None);
        Assert.Equal(["hub-a", "hub-c"], b.Adoption.Adopted);

        await b.Adoption.StopAsync(CancellationToken.None);
        Assert.All(rig.Sessions, s => Assert.Equal(1, s.Stops));
        Assert.False(rig.Store.Row("mqtt/hub-a")!.Live);
        Assert.False(rig.Store.Row("mqtt/hub-c")!.Live);

        await d.Adoption.RoundAsync(CancellationToken.None);
        Assert.Equal(["hub-a", "hub-c"], d.Adoption.Adopted);
        d.Adoption.Dispose();
        Assert.All(rig.Sessions.Skip(2), s => Assert.Equal(1, s.Stops));
        Assert.True(rig.Store.Row("mqtt/hub-a") is { Live: true, Holder: "node-d" });
    }

    private sealed class Rig
    {
        public Rig() => Store = new ClockLeaseStore(Time);

        public ManualTimeProvider Time { get; } = new();

        public ClockLeaseStore Store { get; }

        public List<ProbeSession> Sessions { get; } = [];

        public (MqttSessionAdoption Adoption, LogCollector Logs) Node(string node, string clientId, Func<bool>? ownSessionRunning = null)
        {
            var logs = new LogCollector();
            var options = new HubOptions
            {
                NodeId = node,
                Leases = new LeaseOptions { Duration = Duration, RenewInterval = TimeSpan.FromSeconds(2), RetryInterval = TimeSpan.FromSeconds(2) },
            };
            var adoption = new MqttSessionAdoption(
                clientId,
                ownSessionRunning ?? (() => true),
                adopted =>
                {
                    var session = new ProbeSession(adopted, () => Store.Row("mqtt/" + adopted));
                    Sessions.Add(session);
                    return session;
                },
                Store, options, Time, new LoggerFactory([logs]).CreateLogger<MqttSessionAdoption>());
            return (adoption, logs);
        }
    }
}
