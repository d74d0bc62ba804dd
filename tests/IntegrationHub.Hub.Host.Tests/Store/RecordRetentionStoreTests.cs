using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>Retention of dead letters and finished outbox messages on a real SQLite and a real PostgreSQL store (issue 17 items 3 and 6).</summary>
[Collection(PostgresCollection.Name)]
public sealed class RecordRetentionStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DeleteDeadLettersAsync_ReplayedGoSoonerThanWaiting(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var replayedBefore = Now.AddDays(-30);
        var waitingBefore = Now.AddDays(-180);
        await db.Store.ApplyAsync([], [
            Letter("old-replayed", Now.AddDays(-200)),
            Letter("recently-replayed", Now.AddDays(-200)),
            Letter("old-waiting", Now.AddDays(-181)),
            Letter("waiting", Now.AddDays(-179)),      // older than the replayed cutoff, but never replayed: kept
            Letter("new", Now.AddDays(-1)),
        ], CancellationToken.None);
        await db.Store.MarkDeadLettersReplayedAsync(["old-replayed"], replayedBefore.AddTicks(-10), CancellationToken.None);
        await db.Store.MarkDeadLettersReplayedAsync(["recently-replayed"], replayedBefore, CancellationToken.None);

        var first = await db.Retention.DeleteDeadLettersAsync(replayedBefore, waitingBefore, 1, CancellationToken.None);
        var second = await db.Retention.DeleteDeadLettersAsync(replayedBefore, waitingBefore, 1, CancellationToken.None);
        var third = await db.Retention.DeleteDeadLettersAsync(replayedBefore, waitingBefore, 1, CancellationToken.None);

        Assert.Equal([1, 1, 0], new[] { first, second, third });
        var left = await db.Store.ListDeadLettersAsync(null, includeReplayed: true, 10, CancellationToken.None);
        Assert.Equal(["new", "recently-replayed", "waiting"], left.Select(l => l.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DeleteFinishedOutboxAsync_SentAndSuppressedGo_PendingAndDeadStay(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var before = Now.AddDays(-30);
        await AddOutboxAsync(db, "sent-old", "Sent", sentAt: before.AddTicks(-10), nextAt: before.AddDays(-1));
        await AddOutboxAsync(db, "sent-at-cutoff", "Sent", sentAt: before, nextAt: before.AddDays(-1));
        await AddOutboxAsync(db, "suppressed-old", "Suppressed", sentAt: null, nextAt: before.AddDays(-1));
        await AddOutboxAsync(db, "suppressed-new", "Suppressed", sentAt: null, nextAt: Now);
        await AddOutboxAsync(db, "pending-old", "Pending", sentAt: null, nextAt: before.AddDays(-5));
        await AddOutboxAsync(db, "dead-old", "Dead", sentAt: null, nextAt: before.AddDays(-5));

        var deleted = await db.Retention.DeleteFinishedOutboxAsync(before, 100, CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM outbox WHERE id IN ('sent-old', 'suppressed-old')"));
        Assert.Equal(4, await db.CountAsync("SELECT count(*) FROM outbox"));
    }

    private static DeadLetter Letter(string id, DateTimeOffset at) => new(id, "erp-orders", id + ".csv:2", "{}", "bad", at);

    private static Task AddOutboxAsync(StoreUnderTest db, string id, string status, DateTimeOffset? sentAt, DateTimeOffset nextAt) => db.ExecuteAsync($"""
        INSERT INTO outbox (id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, created_at, sent_at)
        VALUES ('{id}', 'key-{id}', 'email', 'customer', 'C001', 's', 'b', '[]', '{status}', 1, {StoreTime.Micros(nextAt)}, {StoreTime.Micros(nextAt.AddDays(-1))},
                {(sentAt is { } s ? StoreTime.Micros(s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")})
        """);
}
