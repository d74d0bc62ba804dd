using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using static IntegrationHub.Hub.Host.Tests.Store.TelemetryHistoryDatabase;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Rollups and raw retention on a real SQLite store (issue 17 item 6); the rollups' tests run on a real PostgreSQL store
/// too (issue 17 item 3). Raw retention differs by design (PostgreSQL drops day partitions): PostgreSqlTelemetryHistoryTests.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqliteTelemetryHistoryStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    private static readonly DateTimeOffset H10 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private TelemetryHistoryDatabase _db = null!;

    public async Task InitializeAsync() => _db = await CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RollUpAsync_HandComputedSet_MinMaxMeanCountLastExact(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        // Stored out of time order and across batches of 2, so that buckets are merged from several batches and "last"
        // is the latest timestamp, not the last stored.
        await db.StoreAsync(
            Reading("temperature", H10.AddSeconds(50), 2.25m),
            Reading("temperature", H10.AddMinutes(1).AddMilliseconds(59_999), 8m),
            Reading("temperature", H10.AddSeconds(5), 1.5m),
            Reading("pressure", H10.AddSeconds(10), 7m, unit: "bar"));
        await db.StoreAsync(
            Reading("temperature", H10.AddSeconds(20), 4m),
            Reading("temperature", H10.AddMinutes(1), -3m),
            Reading("temperature", H10.AddHours(1), 100m));

        var batches = await db.RollUpAllAsync(batchSize: 2);

        Assert.Equal(4, batches); // 7 readings, 2 a batch
        var minutes = await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10, 100, CancellationToken.None);
        var temperature = minutes.Where(m => m.Metric == "temperature").ToList();
        Assert.Equal(3, temperature.Count);
        Assert.Equal(new TelemetryRollup("EQ-1", "temperature", H10, 1.5, 4, 7.75, 3, H10.AddSeconds(50), 2.25, "u"), temperature[0]);
        Assert.Equal(7.75 / 3, temperature[0].Mean);
        Assert.Equal(new TelemetryRollup("EQ-1", "temperature", H10.AddMinutes(1), -3, 8, 5, 2, H10.AddMinutes(1).AddMilliseconds(59_999), 8, "u"), temperature[1]);
        Assert.Equal(new TelemetryRollup("EQ-1", "temperature", H10.AddHours(1), 100, 100, 100, 1, H10.AddHours(1), 100, "u"), temperature[2]);
        Assert.Equal(new TelemetryRollup("EQ-1", "pressure", H10, 7, 7, 7, 1, H10.AddSeconds(10), 7, "bar"), Assert.Single(minutes, m => m.Metric == "pressure"));

        var hours = await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Hour, H10, 100, CancellationToken.None);
        Assert.Equal(
            [
                new TelemetryRollup("EQ-1", "pressure", H10, 7, 7, 7, 1, H10.AddSeconds(10), 7, "bar"),
                new TelemetryRollup("EQ-1", "temperature", H10, -3, 8, 12.75, 5, H10.AddMinutes(1).AddMilliseconds(59_999), 8, "u"),
                new TelemetryRollup("EQ-1", "temperature", H10.AddHours(1), 100, 100, 100, 1, H10.AddHours(1), 100, "u"),
            ],
            hours);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RollUpAsync_LateReadingsIntoRolledUpBucket_CountedOnceAndExact(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.StoreAsync(Reading("temperature", H10.AddSeconds(10), 5m), Reading("temperature", H10.AddSeconds(40), 6m));
        await db.RollUpAllAsync(batchSize: 100);

        // Late: one older than the bucket's last reading (a new maximum, but not the last), one later than it, and a
        // redelivery of one already rolled up (the store ignores it, so the rollup must too).
        await db.StoreAsync(
            Reading("temperature", H10.AddSeconds(30), 9m),
            Reading("temperature", H10.AddSeconds(55), 1m),
            Reading("temperature", H10.AddSeconds(10), 5m));
        var merged = await db.History.RollUpAsync(100, CancellationToken.None);

        Assert.Equal(2, merged);
        var minute = Assert.Single(await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10, 10, CancellationToken.None));
        Assert.Equal(new TelemetryRollup("EQ-1", "temperature", H10, 1, 9, 21, 4, H10.AddSeconds(55), 1, "u"), minute);
        var hour = Assert.Single(await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Hour, H10, 10, CancellationToken.None));
        Assert.Equal(minute, hour);
    }

    [Fact]
    public async Task RollUpAsync_CrashBetweenRollUpAndDelete_NoDoubleCounts()
    {
        await _db.StoreAsync([.. Enumerable.Range(0, 30).Select(i => Reading("temperature", H10.AddSeconds(i), i))]);
        await _db.RollUpAllAsync(batchSize: 7);
        var before = await _db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10, 10, CancellationToken.None);

        // "Crash" before deleting: the process is gone, a new one opens the same file and runs the pass again.
        var restarted = _db.Reopen();
        Assert.Equal(0, await _db.RollUpAllAsync(batchSize: 7, restarted));
        Assert.Equal(30, await restarted.DeleteRawBeforeAsync(H10.AddDays(1), 100, CancellationToken.None));
        Assert.Equal(0, await _db.RollUpAllAsync(batchSize: 7, restarted));

        var after = await restarted.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10, 10, CancellationToken.None);
        Assert.Equal(before, after);
        Assert.Equal(30, Assert.Single(after).Count);
        Assert.Equal(Enumerable.Range(0, 30).Sum(), Assert.Single(after).Sum);
    }

    [Fact]
    public async Task DeleteRawBeforeAsync_RemovesExactlyWhatIsOlderThanTheCutoff()
    {
        var cutoff = H10.AddDays(1);
        await _db.StoreAsync(
            Reading("temperature", cutoff.AddTicks(-10), 1m),        // 1 µs before the cutoff: old
            Reading("temperature", cutoff, 2m),                     // at the cutoff: kept
            Reading("temperature", cutoff.AddSeconds(1), 3m),
            Reading("pressure", cutoff.AddDays(-3), 4m));
        await _db.RollUpAllAsync(batchSize: 100);

        var deleted = await _db.History.DeleteRawBeforeAsync(cutoff, 100, CancellationToken.None);

        Assert.Equal(2, deleted);
        Assert.Equal(0, await _db.CountAsync($"SELECT count(*) FROM telemetry_readings WHERE ts < {Db.Micros(cutoff)}"));
        Assert.Equal(2, await _db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(Db.Micros(cutoff), await _db.CountAsync("SELECT min(ts) FROM telemetry_readings"));
    }

    [Fact]
    public async Task DeleteRawBeforeAsync_InBatches_CountsBatchesAndKeepsWhatIsNotRolledUp()
    {
        await _db.StoreAsync([.. Enumerable.Range(0, 2_500).Select(i => Reading("temperature", H10.AddSeconds(i), i))]);
        await _db.RollUpAllAsync(batchSize: 1_000);
        // Stored after the roll-up: old, but not rolled up yet, so not deleted.
        await _db.StoreAsync(Reading("temperature", H10.AddSeconds(-1), 42m));
        var cutoff = H10.AddDays(1);

        var batches = new List<int>();
        for (int n; (n = await _db.History.DeleteRawBeforeAsync(cutoff, 1_000, CancellationToken.None)) > 0;)
        {
            batches.Add(n);
        }

        Assert.Equal([1_000, 1_000, 500], batches);
        Assert.Equal(1, await _db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(1, await _db.History.RollUpAsync(1_000, CancellationToken.None));
        Assert.Equal(1, await _db.History.DeleteRawBeforeAsync(cutoff, 1_000, CancellationToken.None));
        var hour = Assert.Single(await _db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Hour, H10.AddHours(-1), 10, CancellationToken.None), h => h.Bucket == H10.AddHours(-1));
        Assert.Equal(1, hour.Count);
    }

    [Fact]
    public async Task RollUpAsync_AfterEveryRowWasDeleted_NewReadingsStillRolledUp()
    {
        // Deleting every row lets SQLite hand out rowids from 1 again, below the rollup's mark.
        await _db.StoreAsync([.. Enumerable.Range(0, 5).Select(i => Reading("temperature", H10.AddSeconds(i), 1m))]);
        await _db.RollUpAllAsync(batchSize: 100);
        Assert.Equal(5, await _db.History.DeleteRawBeforeAsync(H10.AddDays(1), 100, CancellationToken.None));
        Assert.Equal(0, await _db.CountAsync("SELECT count(*) FROM telemetry_readings"));

        await _db.StoreAsync(Reading("temperature", H10.AddDays(2), 3m), Reading("temperature", H10.AddDays(2).AddSeconds(1), 4m));

        Assert.Equal(2, await _db.History.RollUpAsync(100, CancellationToken.None));
        var minute = Assert.Single(await _db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10.AddDays(2), 10, CancellationToken.None));
        Assert.Equal(2, minute.Count);
        Assert.Equal(7, minute.Sum);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DeleteRollupsBeforeAsync_DeletesBucketsWhollyOlderThanTheCutoff(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.StoreAsync(
            Reading("temperature", H10.AddMinutes(-2), 1m),
            Reading("temperature", H10.AddMinutes(-1).AddSeconds(30), 2m),
            Reading("temperature", H10.AddSeconds(1), 3m));
        await db.RollUpAllAsync(batchSize: 100);

        // The cutoff falls inside the 09:59 bucket: 09:58 is wholly older and goes, 09:59 still holds newer readings.
        var minutes = await db.History.DeleteRollupsBeforeAsync(TelemetryResolution.Minute, H10.AddSeconds(-10), 100, CancellationToken.None);
        var hours = await db.History.DeleteRollupsBeforeAsync(TelemetryResolution.Hour, H10, 100, CancellationToken.None);

        Assert.Equal(1, minutes);
        Assert.Equal(1, hours);
        Assert.Equal(
            [H10.AddMinutes(-1), H10],
            (await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10.AddHours(-1), 100, CancellationToken.None)).Select(m => m.Bucket));
        Assert.Equal(H10, Assert.Single(await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Hour, H10.AddHours(-1), 100, CancellationToken.None)).Bucket);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReadRollupsAsync_MoreBucketsThanAsked_LatestPerMetricInTimeOrder(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.StoreAsync([.. Enumerable.Range(0, 10).Select(i => Reading("temperature", H10.AddMinutes(i), i))]);
        await db.RollUpAllAsync(batchSize: 100);

        var latest = await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Minute, H10, 3, CancellationToken.None);

        Assert.Equal([7.0, 8.0, 9.0], latest.Select(m => m.Mean));
        Assert.Empty(await db.History.ReadRollupsAsync("EQ-2", TelemetryResolution.Minute, H10, 3, CancellationToken.None));
    }
}
