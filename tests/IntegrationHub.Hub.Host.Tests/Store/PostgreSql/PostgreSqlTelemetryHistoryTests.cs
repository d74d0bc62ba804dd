using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry.Retention;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Hub.Host.Tests.Telemetry.Retention;
using Microsoft.Extensions.Logging.Abstractions;
using IntegrationHub.Tests.Common.Postgres;
using static IntegrationHub.Hub.Host.Tests.Store.TelemetryHistoryDatabase;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// Raw retention on PostgreSQL (issue 17 item 6): whole day partitions before the cutoff's day are dropped, the
/// rows of the cutoff's own day older than the cutoff are deleted in batches (a retention shorter than a day holds),
/// and the rollups of what went stay exact.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlTelemetryHistoryTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset Cutoff = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DeleteRawBeforeAsync_DropsWholeDaysBeforeTheCutoffsDay_ThenDeletesThatDaysOlderRowsInBatches_RollupsStayExact()
    {
        await using var db = await StoreUnderTest.CreateAsync(StoreUnderTest.PostgreSql, postgres);
        var dayStart = new DateTimeOffset(Cutoff.Date, TimeSpan.Zero);
        await db.StoreAsync(
            Reading("temperature", Cutoff.AddDays(-3), 1m),
            Reading("temperature", Cutoff.AddDays(-3).AddSeconds(1), 2m),
            Reading("temperature", dayStart.AddTicks(-10), 3m),             // the last microsecond of the day before: dropped with its day
            Reading("temperature", dayStart, 4m),                          // the cutoff's day, before the cutoff: deleted in the first batch
            Reading("temperature", Cutoff.AddHours(-2), 5m),               // deleted in the first batch
            Reading("temperature", Cutoff.AddTicks(-10), 6m),              // the last microsecond before the cutoff: the second batch
            Reading("temperature", Cutoff, 7m),                            // at the cutoff: kept
            Reading("temperature", Cutoff.AddHours(1), 8m));
        Assert.Equal(1, await db.RollUpAllAsync(batchSize: 100));

        // Batches of 2: the three readings of the dropped days count in the first call beside its first batch.
        var first = await db.History.DeleteRawBeforeAsync(Cutoff, 2, CancellationToken.None);
        var partitionsAfterFirst = await db.CountAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'telemetry_readings'::regclass");
        var second = await db.History.DeleteRawBeforeAsync(Cutoff, 2, CancellationToken.None);
        var third = await db.History.DeleteRawBeforeAsync(Cutoff, 2, CancellationToken.None);

        Assert.Equal((5, 1, 0), (first, second, third));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(StoreTime.Micros(Cutoff), await db.CountAsync("SELECT min(ts) FROM telemetry_readings"));
        // The cutoff's day keeps its partition (it still holds readings); the older days' partitions are gone.
        Assert.Equal(partitionsAfterFirst, await db.CountAsync("SELECT count(*) FROM pg_inherits WHERE inhparent = 'telemetry_readings'::regclass"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM pg_class WHERE relname IN ('telemetry_readings_p20261127', 'telemetry_readings_p20261129')"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM pg_class WHERE relname = 'telemetry_readings_p20261130'"));

        // The rollups still hold every deleted reading, exactly.
        var hours = await db.History.ReadRollupsAsync("EQ-1", TelemetryResolution.Hour, Cutoff.AddDays(-3), 100, CancellationToken.None);
        Assert.Equal((2L, 3.0), CountAndSum(hours, Cutoff.AddDays(-3)));
        Assert.Equal((1L, 4.0), CountAndSum(hours, dayStart));
        Assert.Equal((1L, 6.0), CountAndSum(hours, Cutoff.AddHours(-1)));
        Assert.Equal(0, await db.RollUpAllAsync(batchSize: 100));
    }

    [Fact]
    public async Task RetentionPass_OnPostgreSql_DropsAPartitionSmallerThanABatchAndStillDeletesTheCutoffsDayInTheSamePass()
    {
        // A dropped partition of fewer readings than a batch, then more than a batch of the cutoff's own day: the pass
        // must not stop after the call that dropped the partition (it returns neither 0 nor exactly a batch).
        var clock = new ManualClock(Cutoff.AddMinutes(2));
        await using var db = await StoreUnderTest.CreateAsync(StoreUnderTest.PostgreSql, postgres, clock);
        var dayStart = new DateTimeOffset(Cutoff.Date, TimeSpan.Zero);
        await db.StoreAsync([
            .. Enumerable.Range(0, 3).Select(i => Reading("temperature", dayStart.AddDays(-1).AddSeconds(i), i)),
            .. Enumerable.Range(0, 12).Select(i => Reading("temperature", dayStart.AddHours(1).AddSeconds(i), 10 + i)),
            Reading("temperature", Cutoff.AddMinutes(1), 100m)]);
        var options = new HubOptions
        {
            DataFolder = Path.Combine(Path.GetTempPath(), "hub-pg-retention-" + Guid.NewGuid().ToString("N")),
            Telemetry = new TelemetryOptions { RawRetention = TimeSpan.FromMinutes(2) },
            Retention = new RetentionOptions { BatchSize = 10, BatchPause = TimeSpan.Zero },
        };
        var pass = new RetentionPass(db.History, db.Retention, new ProcessedFilesSweep(db.Retention, NullLogger<ProcessedFilesSweep>.Instance), options, Microsoft.Extensions.Options.Options.Create(new IntegrationHub.Adapters.Files.FileDropOptions()), clock);

        var result = await pass.RunAsync(CancellationToken.None);

        Assert.Equal((16L, 15L), (result.RolledUp, result.RawDeleted));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(StoreTime.Micros(Cutoff.AddMinutes(1)), await db.CountAsync("SELECT min(ts) FROM telemetry_readings"));
    }

    private static (long Count, double Sum) CountAndSum(IReadOnlyList<TelemetryRollup> rollups, DateTimeOffset bucket)
    {
        var rollup = Assert.Single(rollups, r => r.Bucket == bucket);
        return (rollup.Count, rollup.Sum);
    }
}
