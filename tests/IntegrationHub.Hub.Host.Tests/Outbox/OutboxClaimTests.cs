using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// Issue 18 item 3, the outbox on several nodes, on SQLite and on PostgreSQL (two data sources): two dispatchers drain
/// one outbox and a real SMTP server receives each message once; a dead node's claim lapses and another node takes
/// the message over (fake clock); a node whose claim was taken while its SMTP exchange hung records nothing over the
/// new holder's outcome.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxClaimTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_TwoNodesDrainFiveHundredMessages_EachDeliveredOnceAndNoneLeftPending(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        var secondStore = db.NewOutboxStore();
        using var nodeA = OutboxNode.Create("node-a", db.Outbox, smtp.Port, TimeProvider.System);
        using var nodeB = OutboxNode.Create("node-b", secondStore, smtp.Port, TimeProvider.System);
        var due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        await OutboxNode.EnqueueAsync(db.Rules, Enumerable.Range(0, 500).Select(i => OutboxNode.Message($"m{i:D3}", due)));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard only

        var handled = await Task.WhenAll(
            Task.Run(() => nodeA.DrainAsync(db.Outbox, guard.Token)),
            Task.Run(() => nodeB.DrainAsync(secondStore, guard.Token)));

        var received = smtp.Messages();
        Assert.Equal(500, received.Count);
        Assert.Equal(500, received.Select(m => m.Subject).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(500, handled.Sum());
        Assert.Equal(500, nodeA.Count("sent") + nodeB.Count("sent"));
        var counts = await db.Outbox.CountsAsync(CancellationToken.None);
        Assert.Equal([("Sent", 500L)], counts.Select(c => (c.Key, c.Value)));
        Assert.Equal(0, nodeA.Count("outcomesNotRecorded") + nodeB.Count("outcomesNotRecorded"));
        Assert.Empty(nodeA.Logs.Errors.Concat(nodeB.Logs.Errors));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_ClaimOfADeadNode_IsTakenOverOnlyOnceItLapses(string kind)
    {
        var clock = new ManualTimeProvider(T0);
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres, clock);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        var duration = TimeSpan.FromMinutes(2);
        using var nodeB = OutboxNode.Create("node-b", db.NewOutboxStore(), smtp.Port, clock, n => n with { ClaimDuration = duration });
        await OutboxNode.EnqueueAsync(db.Rules, [OutboxNode.Message("m1", T0)]);
        // "node-dead" claims the message and dies before sending it.
        var dead = await db.Outbox.ClaimAsync(Request("node-dead", clock.GetUtcNow(), duration), CancellationToken.None);
        Assert.Equal("m1", Assert.Single(dead.Claimed).Id);

        clock.Advance(duration - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await nodeB.Dispatcher.RunOnceAsync(CancellationToken.None));
        var held = Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Pending, null, 10, CancellationToken.None));
        Assert.Equal(("node-dead", T0 + duration), (held.ClaimedBy, held.ClaimExpiresAt));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await nodeB.Dispatcher.RunOnceAsync(CancellationToken.None));

        var sent = Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None));
        Assert.Equal(("m1", 1, (string?)null), (sent.Id, sent.Attempts, sent.ClaimedBy));
        Assert.Equal("message m1", Assert.Single(smtp.Messages()).Subject);
        Assert.Equal(1, nodeB.Count("claimsTakenOver"));
        Assert.Contains(nodeB.Logs.Entries, e => e.EventId == 1642 && e.Message.Contains("from node node-dead", StringComparison.Ordinal));
        // The dead node's late outcome, had it woken up, is refused: the claim it holds is gone.
        Assert.False(await db.Outbox.RecordAsync("m1", Assert.Single(dead.Claimed).ClaimToken, OutboxStatus.Dead, 1, clock.GetUtcNow(), "late", null, CancellationToken.None));
        Assert.Equal(OutboxStatus.Sent, Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None)).Status);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_OutcomeOfANodeWhoseClaimWasTakenWhileItsSendHung_IsNotRecordedOverTheNewHolders(string kind)
    {
        var clock = new ManualTimeProvider(T0);
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres, clock);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        await using var hanging = new HangingSmtpPeer();
        var duration = TimeSpan.FromMinutes(2);
        using var nodeA = OutboxNode.Create("node-a", db.Outbox, hanging.Port, clock, n => n with { ClaimDuration = duration });
        using var nodeB = OutboxNode.Create("node-b", db.NewOutboxStore(), smtp.Port, clock, n => n with { ClaimDuration = duration });
        await OutboxNode.EnqueueAsync(db.Rules, [OutboxNode.Message("m1", T0)]);

        // Node A claims m1 and its SMTP exchange hangs; its claim lapses and node B sends m1.
        var runA = Task.Run(() => nodeA.Dispatcher.RunOnceAsync(CancellationToken.None));
        await hanging.Connected.WaitAsync(TimeSpan.FromSeconds(120)); // a hang guard only
        clock.Advance(duration);
        Assert.Equal(1, await nodeB.Dispatcher.RunOnceAsync(CancellationToken.None));
        // Node A's exchange ends in a permanent refusal: it would dead-letter m1, over node B's "sent".
        hanging.Release();
        Assert.Equal(1, await runA.WaitAsync(TimeSpan.FromSeconds(120)));

        var sent = Assert.Single(await db.Outbox.ListAsync(OutboxStatus.Sent, null, 10, CancellationToken.None));
        Assert.Equal(("m1", 1, (string?)null, T0 + duration), (sent.Id, sent.Attempts, sent.LastError, sent.SentAt));
        Assert.Empty(await db.Outbox.ListAsync(OutboxStatus.Dead, null, 10, CancellationToken.None));
        Assert.Single(smtp.Messages());
        Assert.Equal((1L, 0L), (nodeA.Count("outcomesNotRecorded"), nodeA.Count("sent")));
        Assert.Contains(nodeA.Logs.Entries, e => e.EventId == 1640 && e.Message.Contains("outcome Dead not recorded by node node-a", StringComparison.Ordinal));
        Assert.DoesNotContain(nodeA.Logs.Entries, e => e.EventId == 2112);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ClaimAsync_TwoClaimsAtOnce_TakeDifferentMessagesAndLimitCountsClaimsInFlight(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var secondStore = db.NewOutboxStore();
        await OutboxNode.EnqueueAsync(db.Rules,
        [
            .. Enumerable.Range(0, 30).Select(i => OutboxNode.Message($"d{i:D2}", T0)),
            .. Enumerable.Range(0, 6).Select(i => OutboxNode.Message($"c{i:D2}", T0, Audiences.Customer, "C-1")),
        ]);

        var results = await Task.WhenAll(
            Task.Run(() => db.Outbox.ClaimAsync(Request("node-a", T0, TimeSpan.FromMinutes(5)) with { Take = 20 }, CancellationToken.None)),
            Task.Run(() => secondStore.ClaimAsync(Request("node-b", T0, TimeSpan.FromMinutes(5)) with { Take = 20 }, CancellationToken.None)));

        var claimed = results.SelectMany(r => r.Claimed).Select(m => m.Id).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct(StringComparer.Ordinal).Count());
        // Nothing sent yet: the limit of 2 counts the claims in flight, whichever node holds them.
        Assert.Equal(2, results.SelectMany(r => r.Claimed).Count(m => m.CustomerCode == "C-1"));
        Assert.Equal(36, results.Sum(r => r.Count));
        Assert.Equal(4, results.Sum(r => r.Suppressed.Count));
        Assert.All(results.SelectMany(r => r.Claimed), m => Assert.Equal(T0.AddMinutes(5), m.ClaimExpiresAt));
    }

    [Fact]
    public void DeskOutboxView_ClaimedMessage_ShowsTheNodeAndTheExpiryButNotTheToken()
    {
        var claimed = OutboxNode.Message("m1", T0) with { ClaimedBy = "node-a", ClaimToken = "secret-token", ClaimExpiresAt = T0.AddMinutes(5) };

        // The desk's /api/desk/outbox answers with ASP.NET Core's web defaults.
        var json = JsonSerializer.Serialize(new OutboxList([claimed]), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Contains("\"claimedBy\":\"node-a\"", json, StringComparison.Ordinal);
        Assert.Contains("\"claimExpiresAt\":\"2026-12-07T08:05:00+00:00\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", json, StringComparison.Ordinal);
    }

    private static OutboxClaimRequest Request(string node, DateTimeOffset now, TimeSpan duration) => new()
    {
        NodeId = node,
        Now = now,
        ClaimDuration = duration,
        Take = 20,
        CustomerLimit = 2,
        CustomerWindow = TimeSpan.FromHours(1),
        SuppressedReason = customer => $"limit of {customer}",
    };
}
