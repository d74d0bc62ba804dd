using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>The store's contract, run against SQLite and against a real PostgreSQL (issue 17 item 3).</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class SqlHubStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 1, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_SameChangeTwice_SecondChangesNothing(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        var change = OrderChange(T0, SalesOrderStatus.Open);

        var first = await store.ApplyAsync([change], [], CancellationToken.None);
        var second = await store.ApplyAsync([change], [], CancellationToken.None);

        Assert.Equal(new ApplyResult(1, 0, 0), first);
        Assert.Equal(new ApplyResult(0, 1, 0), second);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_OlderVersionArrivesLate_KeepsNewer(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        await store.ApplyAsync([OrderChange(T0.AddHours(2), SalesOrderStatus.OnHold)], [], CancellationToken.None);

        var late = await store.ApplyAsync([OrderChange(T0, SalesOrderStatus.Open)], [], CancellationToken.None);

        Assert.Equal(0, late.Changed);
        var snapshot = await store.GetOrderSnapshotAsync("SO-1", CancellationToken.None);
        Assert.Equal(SalesOrderStatus.OnHold, snapshot!.Order.Status);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_NewerVersion_Replaces(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        await store.ApplyAsync([OrderChange(T0, SalesOrderStatus.Open)], [], CancellationToken.None);

        var newer = await store.ApplyAsync([OrderChange(T0.AddMinutes(1), SalesOrderStatus.Cancelled)], [], CancellationToken.None);

        Assert.Equal(1, newer.Changed);
        Assert.Equal(SalesOrderStatus.Cancelled, (await store.GetOrderSnapshotAsync("SO-1", CancellationToken.None))!.Order.Status);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_ChangesAndDeadLetters_StoredTogether(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        var letter = new DeadLetter("dl-1", "erp-orders", "orders.csv:3", "{\"a\":\"b\"}", "column x: bad", T0);

        var result = await store.ApplyAsync([OrderChange(T0, SalesOrderStatus.Open)], [letter], CancellationToken.None);

        Assert.Equal(new ApplyResult(1, 0, 1), result);
        var letters = await store.ListDeadLettersAsync("erp-orders", includeReplayed: false, 10, CancellationToken.None);
        Assert.Equal(letter, Assert.Single(letters));
        await store.MarkDeadLettersReplayedAsync(["dl-1"], T0.AddDays(1), CancellationToken.None);
        Assert.Empty(await store.ListDeadLettersAsync(null, includeReplayed: false, 10, CancellationToken.None));
        Assert.Equal(T0.AddDays(1), (await store.ListDeadLettersAsync(null, includeReplayed: true, 10, CancellationToken.None))[0].ReplayedAt);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task GetOrderSnapshotAsync_CollectsLinesOfTheOrderOnly(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        await store.ApplyAsync(
            [
                OrderChange(T0, SalesOrderStatus.Open),
                Change(new SalesOrderLine { OrderNo = "SO-1", LineNo = 1, ItemCode = "A", Quantity = 1 }),
                Change(new SalesOrderLine { OrderNo = "SO-1", LineNo = 2, ItemCode = "B", Quantity = 2 }),
                Change(new SalesOrderLine { OrderNo = "SO-10", LineNo = 1, ItemCode = "C", Quantity = 3 }),
            ],
            [],
            CancellationToken.None);

        var snapshot = await store.GetOrderSnapshotAsync("SO-1", CancellationToken.None);

        Assert.Equal(["A", "B"], snapshot!.Lines.Select(l => l.ItemCode).Order());
        Assert.Null(await store.GetOrderSnapshotAsync("SO-10", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task MigrateAsync_Twice_IsHarmless(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(0, (await store.CountEntitiesAsync(CancellationToken.None))[EntityKind.SalesOrder]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_TelemetryBatch_EveryReadingIsHistoryAndTheNewestIsTheLatestState(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var store = db.Store;
        // 150 temperature readings, out of order, with the newest in the middle, a redelivered one and one of another
        // metric twice (153: 19 statements of 8 rows and one of 1); then a later batch with only an older reading.
        var readings = Enumerable.Range(0, 150).Select(i => Reading("temperature", T0.AddSeconds((i * 7) % 150), 20m + i)).ToList();
        var newestAt = readings.MaxBy(r => ((AssetMetric)r.Entity).Timestamp)!;
        readings.Add(Reading("temperature", ((AssetMetric)readings[3].Entity).Timestamp, 999m));
        readings.Add(Reading("spindle_speed", T0, 1200m));
        readings.Add(Reading("spindle_speed", T0.AddSeconds(1), 1210m));

        var result = await store.ApplyAsync(readings, [], CancellationToken.None);
        var late = await store.ApplyAsync([Reading("temperature", T0.AddSeconds(-1), -5m)], [], CancellationToken.None);

        Assert.Equal(2, result.Changed);                       // one latest state per metric
        Assert.Equal(0, late.Changed);
        Assert.Equal(153L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM telemetry_readings"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(20m + 3, (decimal)(double)(await db.ScalarAsync($"SELECT value FROM telemetry_readings WHERE metric = 'temperature' AND ts = {StoreTime.Micros(((AssetMetric)readings[3].Entity).Timestamp)}"))!);
        string latest = (string)(await db.ScalarAsync("SELECT body FROM entities WHERE kind = 'AssetMetric' AND entity_key LIKE '%temperature'"))!;
        Assert.Contains("\"value\":" + ((AssetMetric)newestAt.Entity).Value.ToString(System.Globalization.CultureInfo.InvariantCulture), latest.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    private static CanonicalChange Reading(string metric, DateTimeOffset at, decimal value) =>
        new(new AssetMetric { AssetId = "EQ-1", Metric = metric, Value = value, Unit = "u", Timestamp = at }, new SourceStamp("plant-telemetry", at));

    private static CanonicalChange OrderChange(DateTimeOffset version, SalesOrderStatus status) =>
        new(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C001", OrderDate = T0, Status = status }, new SourceStamp("erp-orders", version));

    private static CanonicalChange Change(CanonicalEntity entity) => new(entity, new SourceStamp("erp", T0));
}
