using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// The two ways a batch of readings reaches PostgreSQL (issue 17 "Benchmarks", MQTT on PostgreSQL): below
/// <see cref="PostgreSqlHubStore.CopyReadingsFrom"/> readings, one statement over array parameters in the batch's one
/// round trip and implicit transaction; from it, binary COPY through the staging table in an explicit transaction.
/// Both must store, ignore and queue exactly the same rows, and a failure anywhere must leave nothing of the batch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlReadingBatchTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Sizes => [3, PostgreSqlHubStore.CopyReadingsFrom - 1, PostgreSqlHubStore.CopyReadingsFrom];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ApplyAsync_ReadingBatch_StoresEachOnce_IgnoresRedeliveries_QueuesNewOnesForRollupsAndWatchedOnesForRules(int size)
    {
        var features = new StoreFeatures(QueueRuleInputs: true, new WorkSignal(), (_, metric) => metric == "temp");
        await using var db = await StoreUnderTest.CreateAsync(StoreUnderTest.PostgreSql, postgres, features: features);
        // Two metrics, one watched; the unit of every third reading is missing (a NULL in the array); a reading
        // repeated within the batch keeps its first value, as on SQLite.
        var batch = Enumerable.Range(0, size).Select(i => Reading(i % 2 == 0 ? "temp" : "rpm", T0.AddSeconds(i), i, i % 3 == 0 ? null : "u")).ToList();
        batch.Add(Reading("temp", T0, -999, "u"));

        await db.Store.ApplyAsync(batch, [], CancellationToken.None);
        var watched = (size + 1) / 2;
        Assert.Equal(size, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(size, await db.CountAsync("SELECT count(*) FROM telemetry_rollup_pending"));
        Assert.Equal(watched, await db.CountAsync("SELECT count(*) FROM rule_inputs"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM telemetry_readings WHERE value = -999"));
        Assert.Equal((size + 2) / 3, await db.CountAsync("SELECT count(*) FROM telemetry_readings WHERE unit IS NULL"));
        Assert.Equal("Good", await db.ScalarAsync("SELECT min(quality) FROM telemetry_readings"));
        Assert.Equal("plant-telemetry", await db.ScalarAsync("SELECT min(source) FROM telemetry_readings"));

        // The rollups and the rules take their queues; then the whole batch is redelivered with one new reading.
        await db.RollUpAllAsync(batchSize: 10_000);
        await db.ExecuteAsync("DELETE FROM rule_inputs");
        var next = T0.AddSeconds(size);
        await db.Store.ApplyAsync([.. batch, Reading("temp", next, -1, "u")], [], CancellationToken.None);

        Assert.Equal(size + 1, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        // Only the new reading is queued for the rollups: a redelivery would count twice in a minute's mean.
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM telemetry_rollup_pending"));
        Assert.Equal(StoreTime.Micros(next), await db.CountAsync("SELECT min(ts) FROM telemetry_rollup_pending"));
        // The latest value of each metric is the newest reading, stored in the same transaction.
        var latest = await db.Store.LatestMetricsAsync("EQ-1", CancellationToken.None);
        Assert.Equal(next, latest.Single(m => m.Metric == "temp").Timestamp);
        Assert.Equal(-1m, latest.Single(m => m.Metric == "temp").Value);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task ApplyAsync_ReadingBatch_WhenItsLastStatementFails_NothingOfTheBatchIsStored_AndItStoresWholeWhenSentAgain(int size)
    {
        await using var db = await StoreUnderTest.CreateAsync(StoreUnderTest.PostgreSql, postgres);
        // A real server's refusal of the readings' last insert (the rollup queue), after the batch's customer
        // upsert, latest-value upserts and dead letter went out before it.
        await db.ExecuteAsync("""
            CREATE FUNCTION refuse_pending() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON telemetry_rollup_pending FOR EACH ROW EXECUTE FUNCTION refuse_pending();
            """);
        List<CanonicalChange> changes =
        [
            new(new Customer { Code = "C001", Name = "Acme" }, new SourceStamp("erp", T0)),
            .. Enumerable.Range(0, size).Select(i => Reading("temp", T0.AddSeconds(i), i, "u")),
        ];
        DeadLetter[] letters = [DeadLetter.Create("plant-telemetry", "plant/C001/EQ-1/telemetry", "{", "not JSON", T0)];

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Store.ApplyAsync(changes, letters, CancellationToken.None));

        Assert.Contains("refused by the test", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM entities"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM dead_letters"));
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));

        await db.ExecuteAsync("DROP TRIGGER refuse ON telemetry_rollup_pending");
        var result = await db.Store.ApplyAsync(changes, letters, CancellationToken.None);

        Assert.Equal((2, 1), (result.Changed, result.DeadLettered));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM entities"));
        Assert.Equal(size, await db.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(size, await db.CountAsync("SELECT count(*) FROM telemetry_rollup_pending"));
    }

    private static CanonicalChange Reading(string metric, DateTimeOffset at, decimal value, string? unit) =>
        new(new AssetMetric { AssetId = "EQ-1", Metric = metric, Value = value, Unit = unit, Timestamp = at }, new SourceStamp("plant-telemetry", at));
}
