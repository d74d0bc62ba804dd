using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Store;

// The rest of the store's contract, on both stores: what the portal, the desk, the pollers and the rules stage read
// and write. Written for the PostgreSQL store (issue 17 item 3), where each of these has its own SQL.
public sealed partial class SqlHubStoreTests
{
    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ListOrdersAsync_NewestFirst_SearchByNumberOrItemStartIgnoringAsciiCase(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.ApplyAsync(
            [
                Change(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C001", OrderDate = T0 }),
                Change(new SalesOrder { OrderNo = "SO-2", CustomerCode = "C001", OrderDate = T0.AddDays(2) }),
                Change(new SalesOrder { OrderNo = "XY_3", CustomerCode = "C001", OrderDate = T0.AddDays(1) }),
                Change(new SalesOrder { OrderNo = "SO-9", CustomerCode = "C002", OrderDate = T0.AddDays(3) }),
                Change(new SalesOrderLine { OrderNo = "SO-1", LineNo = 1, ItemCode = "PUMP-100", Quantity = 1 }),
                Change(new SalesOrderLine { OrderNo = "SO-2", LineNo = 1, ItemCode = "VALVE-7", Quantity = 1 }),
            ],
            [],
            CancellationToken.None);

        var all = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None);
        var page = await db.Store.ListOrdersAsync("C001", 1, 1, CancellationToken.None);
        var byItem = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None, search: "pump");
        var byItemMiddle = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None, search: "100");
        var byNumber = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None, search: "so-");
        var underscoreIsLiteral = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None, search: "Y_");
        var underscoreMatchesNoOtherCharacter = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None, search: "O_");
        var wildcardIsLiteral = await db.Store.ListOrdersAsync("C001", 0, 10, CancellationToken.None, search: "%");

        Assert.Equal(["SO-2", "XY_3", "SO-1"], all.Select(o => o.OrderNo));
        Assert.Equal("XY_3", Assert.Single(page).OrderNo);
        Assert.Equal("SO-1", Assert.Single(byItem).OrderNo);
        Assert.Empty(byItemMiddle);
        Assert.Equal(["SO-2", "SO-1"], byNumber.Select(o => o.OrderNo));
        Assert.Equal("XY_3", Assert.Single(underscoreIsLiteral).OrderNo);
        Assert.Empty(underscoreMatchesNoOtherCharacter);
        Assert.Empty(wildcardIsLiteral);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task GetOrderSnapshotsAsync_SeveralOrders_EachWithItsOwnParts(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.ApplyAsync(
            [
                Change(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C001", OrderDate = T0 }),
                Change(new SalesOrder { OrderNo = "SO-2", CustomerCode = "C001", OrderDate = T0 }),
                Change(new SalesOrderLine { OrderNo = "SO-1", LineNo = 1, ItemCode = "A", Quantity = 1 }),
                Change(new SalesOrderLine { OrderNo = "SO-2", LineNo = 1, ItemCode = "B", Quantity = 1 }),
                Change(new WorkOrder { WorkOrderNo = "WO-1", OrderNo = "SO-2", ItemCode = "B", QuantityPlanned = 1 }),
            ],
            [],
            CancellationToken.None);

        var snapshots = await db.Store.GetOrderSnapshotsAsync(["SO-2", "SO-404", "SO-1", "SO-2"], CancellationToken.None);

        Assert.Equal(["SO-2", "SO-1"], snapshots.Select(s => s.Order.OrderNo));
        Assert.Equal("B", Assert.Single(snapshots[0].Lines).ItemCode);
        Assert.Equal("WO-1", Assert.Single(snapshots[0].WorkOrders).WorkOrderNo);
        Assert.Equal("A", Assert.Single(snapshots[1].Lines).ItemCode);
        Assert.Empty(snapshots[1].WorkOrders);
        Assert.Empty(await db.Store.GetOrderSnapshotsAsync([], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DeleteEntitiesAsync_RemovesOnlyWhileTheNamedVersionIsStored(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.ApplyAsync(
            [
                new(new Customer { Code = "C001", Name = "One" }, new SourceStamp("crm", T0, "customers.csv:2")),
                new(new Customer { Code = "C002", Name = "Two" }, new SourceStamp("crm", T0)),
                new(new Customer { Code = "C003", Name = "Three" }, new SourceStamp("crm", T0, "customers.csv:4")),
            ],
            [],
            CancellationToken.None);
        var ofSource = await db.Store.GetEntitiesOfSourceAsync("crm", CancellationToken.None);
        // C003 is written again by another record before the removal.
        await db.Store.ApplyAsync([new(new Customer { Code = "C003", Name = "Three again" }, new SourceStamp("crm", T0.AddHours(1), "customers.csv:9"))], [], CancellationToken.None);

        var removed = await db.Store.DeleteEntitiesAsync(ofSource, CancellationToken.None);

        Assert.Equal(3, ofSource.Count);
        Assert.Contains(ofSource, e => e.EntityKey == "C002" && e.SourceRef is null);
        Assert.Equal(2, removed);
        Assert.Equal("Three again", Assert.Single(await db.Store.ListCustomersAsync(CancellationToken.None)).Name);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_Watermark_StoredWithTheRowsAndReplacedByTheNext(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);

        Assert.Null(await db.Store.GetPollWatermarkAsync("erp-orders", CancellationToken.None));
        await db.Store.ApplyAsync([OrderChange(T0, SalesOrderStatus.Open)], [], new PollWatermark("erp-orders", "2025-10-01T09:00:00Z"), CancellationToken.None);
        await db.Store.ApplyAsync([], [], new PollWatermark("erp-orders", "v42"), CancellationToken.None);

        Assert.Equal("v42", await db.Store.GetPollWatermarkAsync("erp-orders", CancellationToken.None));
        Assert.NotNull(await db.Store.GetOrderSnapshotAsync("SO-1", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_DeadLetterOfTheSameFileRowTwice_StoredOnce(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        DeadLetter Letter(string id, string? key) => new(id, "erp-orders", "orders.csv:3", "x", "bad", T0, ContentKey: key);

        var first = await db.Store.ApplyAsync([], [Letter("a", "sha:3"), Letter("b", null)], CancellationToken.None);
        var again = await db.Store.ApplyAsync([], [Letter("c", "sha:3"), Letter("d", null)], CancellationToken.None);

        Assert.Equal(2, first.DeadLettered);
        Assert.Equal(1, again.DeadLettered);
        Assert.Equal(["a", "b", "d"], (await db.Store.ListDeadLettersAsync(null, includeReplayed: true, 10, CancellationToken.None)).Select(l => l.Id).Order());
        Assert.Empty(await db.Store.ListDeadLettersAsync("other", includeReplayed: true, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task LatestMetricsAndRecentReadings_OnlyThatMachine_NewestPerMetric(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        CanonicalChange At(string asset, string metric, int second, decimal value) =>
            new(new AssetMetric { AssetId = asset, Metric = metric, Value = value, Timestamp = T0.AddSeconds(second), Quality = ReadingQuality.Bad }, new SourceStamp("plant", T0.AddSeconds(second)));
        await db.Store.ApplyAsync(
            [At("EQ-1", "temp", 1, 10), At("EQ-1", "temp", 2, 11), At("EQ-1", "temp", 3, 12), At("EQ-1", "rpm", 1, 900), At("EQ-10", "temp", 5, 50)],
            [],
            CancellationToken.None);

        var latest = await db.Store.LatestMetricsAsync("EQ-1", CancellationToken.None);
        var recent = await db.Store.RecentReadingsAsync("EQ-1", T0.AddSeconds(1), 2, CancellationToken.None);

        Assert.Equal([("rpm", 900m), ("temp", 12m)], latest.Select(m => (m.Metric, m.Value)));
        Assert.Equal([("rpm", 900d), ("temp", 11d), ("temp", 12d)], recent.Select(r => (r.Metric, r.Value)));
        Assert.All(recent, r => Assert.Equal(ReadingQuality.Bad, r.Quality));
        Assert.Equal(T0.AddSeconds(3), recent[^1].Timestamp);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_RuleInputs_OnlyWatchedReadingsQueuedAndTheStageWoken(string kind)
    {
        var signal = new WorkSignal();
        var features = new StoreFeatures(QueueRuleInputs: true, signal, (asset, metric) => metric == "temp");
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres, features: features);

        await db.Store.ApplyAsync([Reading("temp", T0, 1), Reading("temp", T0.AddSeconds(1), 2), Reading("rpm", T0, 3)], [], CancellationToken.None);

        Assert.Equal(2L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM rule_inputs WHERE metric = 'temp'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM rule_inputs WHERE metric = 'rpm'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task PortalTokens_AddFindListRevoke(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.AddPortalTokenAsync(new PortalTokenRecord("t1", "C001", "h1", T0), CancellationToken.None);
        await db.Store.AddPortalTokenAsync(new PortalTokenRecord("t2", "C001", "h2", T0.AddMinutes(1)), CancellationToken.None);
        await db.Store.AddPortalTokenAsync(new PortalTokenRecord("t3", "C002", "h3", T0.AddMinutes(2)), CancellationToken.None);

        var revoked = await db.Store.RevokePortalTokensAsync(null, "C001", T0.AddDays(1), CancellationToken.None);
        var again = await db.Store.RevokePortalTokensAsync("t1", null, T0.AddDays(2), CancellationToken.None);

        Assert.Equal(2, revoked);
        Assert.Equal(0, again);
        Assert.Equal(new PortalTokenRecord("t2", "C001", "h2", T0.AddMinutes(1), T0.AddDays(1)), await db.Store.FindPortalTokenAsync("h2", CancellationToken.None));
        Assert.Null(await db.Store.FindPortalTokenAsync("nope", CancellationToken.None));
        Assert.Equal(["t1", "t2"], (await db.Store.ListPortalTokensAsync("C001", CancellationToken.None)).Select(t => t.TokenId));
        Assert.Equal(["t1", "t2", "t3"], (await db.Store.ListPortalTokensAsync(null, CancellationToken.None)).Select(t => t.TokenId));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task EquipmentAndEntities_OwnersOfListedMachinesAndListsByBytes(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.ApplyAsync(
            [
                Change(new InstalledEquipment { AssetId = "b-2", CustomerCode = "C001" }),
                Change(new InstalledEquipment { AssetId = "B-1", CustomerCode = "C001" }),
                Change(new InstalledEquipment { AssetId = "_x", CustomerCode = "C002" }),
                Change(new Customer { Code = "C001", Name = "One" }),
            ],
            [],
            CancellationToken.None);

        var owners = await db.Store.GetEquipmentOwnersAsync(["B-1", "_x", "unknown"], CancellationToken.None);
        var listed = await db.Store.ListEntitiesAsync(EntityKind.InstalledEquipment, CancellationToken.None);
        var counts = await db.Store.CountEntitiesAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["B-1"] = "C001", ["_x"] = "C002" }, owners);
        // Byte order, as SQLite's BINARY collation: 'B' (0x42) < '_' (0x5F) < 'b' (0x62), whatever the server's locale.
        Assert.Equal(["B-1", "_x", "b-2"], listed.Select(e => e.Key));
        Assert.Equal(["B-1", "b-2"], (await db.Store.ListEquipmentAsync("C001", CancellationToken.None)).Select(e => e.AssetId));
        Assert.Equal("One", (await db.Store.GetCustomerAsync("C001", CancellationToken.None))!.Name);
        Assert.Null(await db.Store.GetCustomerAsync("C404", CancellationToken.None));
        Assert.Equal(3, counts[EntityKind.InstalledEquipment]);
        Assert.Equal(1, counts[EntityKind.Customer]);
        Assert.Equal(0, counts[EntityKind.SalesOrder]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApplyAsync_SameReadingsRedeliveredInALaterBatch_HistoryKeepsEachOnce(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        List<CanonicalChange> batch = [Reading("temp", T0, 1), Reading("temp", T0.AddSeconds(1), 2), Reading("rpm", T0, 3)];

        await db.Store.ApplyAsync(batch, [], CancellationToken.None);
        var again = await db.Store.ApplyAsync([.. batch, Reading("temp", T0.AddSeconds(2), 4)], [], CancellationToken.None);

        Assert.Equal(1, again.Changed);
        Assert.Equal(4L, Convert.ToInt64(await db.ScalarAsync("SELECT count(*) FROM telemetry_readings"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
