using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Tests.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// Issue 18 item 3: the per-customer limit holds exactly under concurrency, with two nodes and four parallel sends
/// each racing over one customer's messages, on SQLite and on PostgreSQL. A real SMTP server counts what arrived.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxCustomerLimitTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Due = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RunOnceAsync_TwoNodesRacingOverTenMessagesOfOneCustomer_ExactlyTheLimitIsSentAndTheRestSuppressed(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        var secondStore = db.NewOutboxStore();
        using var nodeA = OutboxNode.Create("node-a", db.Outbox, smtp.Port, TimeProvider.System, n => n with { CustomerLimit = 3 });
        using var nodeB = OutboxNode.Create("node-b", secondStore, smtp.Port, TimeProvider.System, n => n with { CustomerLimit = 3 });
        // Ten for C-1 (over its limit), two for C-2 (under it): the limit is per customer.
        await OutboxNode.EnqueueAsync(db.Rules,
        [
            .. Enumerable.Range(0, 10).Select(i => OutboxNode.Message($"c1-{i:D2}", Due, Audiences.Customer, "C-1")),
            .. Enumerable.Range(0, 2).Select(i => OutboxNode.Message($"c2-{i:D2}", Due, Audiences.Customer, "C-2")),
        ]);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang guard only

        // Both nodes claim their first batch at once, then drain what is left.
        await Task.WhenAll(
            Task.Run(() => nodeA.DrainAsync(db.Outbox, guard.Token)),
            Task.Run(() => nodeB.DrainAsync(secondStore, guard.Token)));

        var counts = await db.Outbox.CountsAsync(CancellationToken.None);
        Assert.Equal(5, counts.GetValueOrDefault("Sent"));
        Assert.Equal(7, counts.GetValueOrDefault("Suppressed"));
        Assert.False(counts.ContainsKey("Pending"));
        var received = smtp.Messages();
        Assert.Equal(3, received.Count(m => m.RcptTo.Contains("buyer@c-1.test")));
        Assert.Equal(2, received.Count(m => m.RcptTo.Contains("buyer@c-2.test")));
        Assert.Equal(5, received.Count);
        var suppressed = await db.Outbox.ListAsync(OutboxStatus.Suppressed, null, 20, CancellationToken.None);
        Assert.All(suppressed, m => Assert.StartsWith("customer C-1 was already sent 3 messages within 01:00:00 (Hub:Notifications:CustomerLimit)", m.LastError, StringComparison.Ordinal));
        Assert.Empty(nodeA.Logs.Errors.Concat(nodeB.Logs.Errors));
    }
}
