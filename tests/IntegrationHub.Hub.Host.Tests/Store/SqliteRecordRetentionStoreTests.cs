using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>Retention of dead letters and finished outbox messages on a real SQLite store (issue 17 item 6).</summary>
public sealed class SqliteRecordRetentionStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private TelemetryHistoryDatabase _db = null!;
    private SqliteRecordRetentionStore _retention = null!;

    public async Task InitializeAsync()
    {
        _db = await TelemetryHistoryDatabase.CreateAsync();
        _retention = new SqliteRecordRetentionStore(_db.Connections);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task DeleteDeadLettersAsync_ReplayedGoSoonerThanWaiting()
    {
        var replayedBefore = Now.AddDays(-30);
        var waitingBefore = Now.AddDays(-180);
        await _db.Store.ApplyAsync([], [
            Letter("old-replayed", Now.AddDays(-200)),
            Letter("recently-replayed", Now.AddDays(-200)),
            Letter("old-waiting", Now.AddDays(-181)),
            Letter("waiting", Now.AddDays(-179)),      // older than the replayed cutoff, but never replayed: kept
            Letter("new", Now.AddDays(-1)),
        ], CancellationToken.None);
        await _db.Store.MarkDeadLettersReplayedAsync(["old-replayed"], replayedBefore.AddTicks(-10), CancellationToken.None);
        await _db.Store.MarkDeadLettersReplayedAsync(["recently-replayed"], replayedBefore, CancellationToken.None);

        var first = await _retention.DeleteDeadLettersAsync(replayedBefore, waitingBefore, 1, CancellationToken.None);
        var second = await _retention.DeleteDeadLettersAsync(replayedBefore, waitingBefore, 1, CancellationToken.None);
        var third = await _retention.DeleteDeadLettersAsync(replayedBefore, waitingBefore, 1, CancellationToken.None);

        Assert.Equal([1, 1, 0], new[] { first, second, third });
        var left = await _db.Store.ListDeadLettersAsync(null, includeReplayed: true, 10, CancellationToken.None);
        Assert.Equal(["new", "recently-replayed", "waiting"], left.Select(l => l.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteFinishedOutboxAsync_SentAndSuppressedGo_PendingAndDeadStay()
    {
        var before = Now.AddDays(-30);
        await AddOutboxAsync("sent-old", "Sent", sentAt: before.AddTicks(-10), nextAt: before.AddDays(-1));
        await AddOutboxAsync("sent-at-cutoff", "Sent", sentAt: before, nextAt: before.AddDays(-1));
        await AddOutboxAsync("suppressed-old", "Suppressed", sentAt: null, nextAt: before.AddDays(-1));
        await AddOutboxAsync("suppressed-new", "Suppressed", sentAt: null, nextAt: Now);
        await AddOutboxAsync("pending-old", "Pending", sentAt: null, nextAt: before.AddDays(-5));
        await AddOutboxAsync("dead-old", "Dead", sentAt: null, nextAt: before.AddDays(-5));

        var deleted = await _retention.DeleteFinishedOutboxAsync(before, 100, CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(0, await _db.CountAsync("SELECT count(*) FROM outbox WHERE id IN ('sent-old', 'suppressed-old')"));
        Assert.Equal(4, await _db.CountAsync("SELECT count(*) FROM outbox"));
    }

    private static DeadLetter Letter(string id, DateTimeOffset at) => new(id, "erp-orders", id + ".csv:2", "{}", "bad", at);

    private Task AddOutboxAsync(string id, string status, DateTimeOffset? sentAt, DateTimeOffset nextAt) => _db.ExecuteAsync($"""
        INSERT INTO outbox (id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, created_at, sent_at)
        VALUES ('{id}', 'key-{id}', 'email', 'customer', 'C001', 's', 'b', '[]', '{status}', 1, {Db.Micros(nextAt)}, {Db.Micros(nextAt.AddDays(-1))},
                {(sentAt is { } s ? Db.Micros(s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")})
        """);
}
