using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// Issue 17 item 6, the retention soak on PostgreSQL: the space of raw readings deleted from today's partition (a raw
/// retention shorter than a day) and of the rolled-up queue is handed back at the end of each pass, so the next
/// readings take it instead of growing the tables until autovacuum's next visit (at most once a minute).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlReclaimSpaceTests(PostgresFixture postgres)
{
    private const int Rows = 20_000;
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReclaimSpaceAsync_AfterDeletingTodaysOldReadings_NextReadingsReuseTheSpace()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));
        await hub.Store.MigrateAsync(CancellationToken.None);
        var history = new PostgreSqlTelemetryHistoryStore(hub.Connections, hub.Store);
        // Autovacuum would blur what this test looks at; the figures come from the soak, with autovacuum on.
        await Sql.ExecuteAsync(database, "ALTER TABLE telemetry_readings_p20251001 SET (autovacuum_enabled = false)");
        await Sql.ExecuteAsync(database, "ALTER TABLE telemetry_rollup_pending SET (autovacuum_enabled = false)");

        await StoreReadingsAsync(hub.Store, Now.AddHours(-2));
        while (await history.RollUpAsync(5_000, CancellationToken.None) > 0)
        {
        }

        var cutoff = Now.AddHours(-1);
        while (await history.DeleteRawBeforeAsync(cutoff, 5_000, CancellationToken.None) > 0)
        {
        }

        var rawBefore = await SizeAsync(database, "telemetry_readings_p20251001");
        var queueBefore = await SizeAsync(database, "telemetry_rollup_pending");

        await history.ReclaimSpaceAsync(Now, cutoff, CancellationToken.None);
        await StoreReadingsAsync(hub.Store, Now.AddMinutes(-30));

        // The same number of readings of the same shape again: they fit in the pages the deleted ones left.
        Assert.Equal(Rows, await Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(rawBefore, await SizeAsync(database, "telemetry_readings_p20251001"));
        Assert.Equal(queueBefore, await SizeAsync(database, "telemetry_rollup_pending"));
    }

    [Fact]
    public async Task ReclaimSpaceAsync_WithoutIt_TheNextReadingsGrowTheTable()
    {
        // The reference for the test above: the same steps without the reclaim, so the size check can fail.
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));
        await hub.Store.MigrateAsync(CancellationToken.None);
        var history = new PostgreSqlTelemetryHistoryStore(hub.Connections, hub.Store);
        await Sql.ExecuteAsync(database, "ALTER TABLE telemetry_readings_p20251001 SET (autovacuum_enabled = false)");

        await StoreReadingsAsync(hub.Store, Now.AddHours(-2));
        var cutoff = Now.AddHours(-1);
        while (await history.DeleteRawBeforeAsync(cutoff, 5_000, CancellationToken.None) > 0)
        {
        }

        var rawBefore = await SizeAsync(database, "telemetry_readings_p20251001");
        await StoreReadingsAsync(hub.Store, Now.AddMinutes(-30));

        Assert.True(await SizeAsync(database, "telemetry_readings_p20251001") > rawBefore);
    }

    [Fact]
    public async Task ReclaimSpaceAsync_CutoffInAnEarlierDayOrNoPartitionToday_Succeeds()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var hub = new PostgresStoreProcess(database, new FixedClock(Now));
        await hub.Store.MigrateAsync(CancellationToken.None);
        var history = new PostgreSqlTelemetryHistoryStore(hub.Connections, hub.Store);

        // A 7-day retention: the cutoff's partition is a week old and never takes new readings again.
        await history.ReclaimSpaceAsync(Now, Now.AddDays(-7), CancellationToken.None);
        // A day whose partition was never made (a hub running for days with no reading today).
        await history.ReclaimSpaceAsync(Now.AddDays(30), Now.AddDays(30).AddMinutes(-2), CancellationToken.None);

        Assert.DoesNotContain("telemetry_readings_p20251031", await Sql.PartitionsAsync(database));
    }

    /// <summary><see cref="Rows"/> readings of 100 machines, one per second per machine, the first at <paramref name="from"/>.</summary>
    private static async Task StoreReadingsAsync(PostgreSqlHubStore store, DateTimeOffset from)
    {
        for (var batch = 0; batch < Rows / 1_000; batch++)
        {
            var changes = Enumerable.Range(batch * 1_000, 1_000).Select(n =>
            {
                var at = from.AddSeconds(n / 100);
                return new CanonicalChange(
                    new AssetMetric { AssetId = "EQ-" + (n % 100), Metric = "temp", Value = n, Timestamp = at },
                    new SourceStamp("plant", at));
            }).ToList();
            await store.ApplyAsync(changes, [], CancellationToken.None);
        }
    }

    private static Task<long> SizeAsync(string database, string table) =>
        Sql.CountAsync(database, $"SELECT pg_relation_size('{table}')");
}
