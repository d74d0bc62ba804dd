using System.Data.Common;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Issue 17 (import speed): the order-number index leaves out the orders themselves (SQLite step 30, PostgreSQL 21),
/// whose order number is their key. The lookups find an order by its key and its parts through that index, on both
/// stores, never by reading the whole table; and the step keeps a filled store's rows and lookups.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OrderNumberIndexTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 1, 9, 0, 0, TimeSpan.FromHours(8));

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OrderLookups_OneAndSeveral_ReadIndexesOnly_NeverTheWholeTable(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.ApplyAsync([.. OrderWithParts("SO-1"), .. OrderWithParts("SO-2")], [], CancellationToken.None);

        var one = await PlanAsync(db, kind, kind == StoreUnderTest.Sqlite ? SqliteHubStore.OrderSnapshotSql : PostgreSqlHubStore.OrderSnapshotSql, false);
        var several = await PlanAsync(db, kind, kind == StoreUnderTest.Sqlite ? SqliteHubStore.OrderSnapshotsSql(["@order"]) : PostgreSqlHubStore.OrderSnapshotsSql, true);

        foreach (var plan in new[] { one, several })
        {
            // SQLite says SCAN for a read of the whole table; PostgreSQL, told to avoid that when it can, says Seq Scan.
            Assert.DoesNotContain(plan, step => step.Contains("SCAN entities", StringComparison.Ordinal) || step.Contains("Seq Scan", StringComparison.Ordinal));
            Assert.Contains(plan, step => step.Contains("ix_entities_order_no", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OrderSnapshot_KeysThatLookLikeTheOrderNumber_OnlyTheOrderAndItsOwnPartsFound(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        // A quote, LIKE's wildcards and a backslash in the number; other kinds keyed by the very same text.
        const string number = "SO-'1%_\\";
        await db.Store.ApplyAsync(
        [
            .. OrderWithParts(number),
            .. OrderWithParts("SO-2"),
            Change(new Customer { Code = number, Name = "same text as the order number" }),
            Change(new WorkOrder { WorkOrderNo = number, OrderNo = "SO-2", QuantityPlanned = 1 }),
            // A line whose order never arrived: no order is made up for it.
            Change(new SalesOrderLine { OrderNo = "SO-ORPHAN", LineNo = 1, ItemCode = "X", Quantity = 1 }),
        ], [], CancellationToken.None);

        var found = await db.Store.GetOrderSnapshotAsync(number, CancellationToken.None);
        var several = await db.Store.GetOrderSnapshotsAsync([number, "SO-2", number, "SO-ORPHAN", "SO-UNKNOWN"], CancellationToken.None);

        AssertParts(found, number, workOrders: 1);
        Assert.Equal(2, several.Count);
        AssertParts(several.Single(s => s.Order.OrderNo == number), number, workOrders: 1);
        // SO-2 has its own work order and the one keyed by the other order's number.
        AssertParts(several.Single(s => s.Order.OrderNo == "SO-2"), "SO-2", workOrders: 2);
        Assert.Null(await db.Store.GetOrderSnapshotAsync("SO-ORPHAN", CancellationToken.None));
        Assert.Null(await db.Store.GetOrderSnapshotAsync("SO-UNKNOWN", CancellationToken.None));
        Assert.Empty(await db.Store.GetOrderSnapshotsAsync(["SO-ORPHAN", "SO-UNKNOWN"], CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task IndexStep_OnAStoreFilledUnderTheOldIndex_KeepsEveryRowAndEveryLookup(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        // The store as an existing site has it before the step: the index of SQLite step 3 / PostgreSQL step 1.
        await db.ExecuteAsync("DROP INDEX ix_entities_order_no");
        await db.ExecuteAsync("CREATE INDEX ix_entities_order_no ON entities (order_no) WHERE order_no IS NOT NULL");
        var orders = Enumerable.Range(1, 300).Select(i => $"SO-{i:000}").ToList();
        await db.Store.ApplyAsync([.. orders.SelectMany(OrderWithParts)], [], CancellationToken.None);
        var rows = await db.CountAsync("SELECT count(*) FROM entities");
        var before = await db.Store.GetOrderSnapshotsAsync(orders, CancellationToken.None);

        // The step as the schema lists it (found by what it does: the lead may renumber it at a merge).
        var step = kind == StoreUnderTest.Sqlite
            ? SchemaMigrations.All.Last(m => m.Sql.Contains("CREATE INDEX ix_entities_order_no", StringComparison.Ordinal)).Sql
            : PostgreSqlSchema.All.Last(m => m.Sql.Contains("CREATE INDEX ix_entities_order_no", StringComparison.Ordinal)).Sql;
        await db.ExecuteAsync(step);

        Assert.Equal(rows, await db.CountAsync("SELECT count(*) FROM entities"));
        if (kind == StoreUnderTest.Sqlite)
        {
            Assert.Equal("ok", await db.ScalarAsync("PRAGMA integrity_check"));
        }

        var definition = (string?)await db.ScalarAsync(kind == StoreUnderTest.Sqlite
            ? "SELECT sql FROM sqlite_master WHERE name = 'ix_entities_order_no'"
            : "SELECT pg_get_indexdef('ix_entities_order_no'::regclass)");
        Assert.Contains("'SalesOrder'", definition, StringComparison.Ordinal);
        var after = await db.Store.GetOrderSnapshotsAsync(orders, CancellationToken.None);
        Assert.Equal(300, after.Count);
        Assert.Equal(Describe(before), Describe(after));
    }

    private static async Task<List<string>> PlanAsync(StoreUnderTest db, string kind, string sql, bool array)
    {
        await using var connection = await db.OpenAsync();
        if (kind == StoreUnderTest.PostgreSql)
        {
            // The table is tiny: without this a sequential read is cheapest and says nothing about the indexes' use.
            await using var off = connection.CreateCommand();
            off.CommandText = "SET enable_seqscan = off";
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = connection.CreateCommand();
        explain.CommandText = (kind == StoreUnderTest.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql;
        explain.Parameters.Add(kind == StoreUnderTest.Sqlite
            ? new Microsoft.Data.Sqlite.SqliteParameter("@order", "SO-1")
            : array ? new NpgsqlParameter { Value = new[] { "SO-1", "SO-2" } } : new NpgsqlParameter { Value = "SO-1" });
        var steps = new List<string>();
        await using DbDataReader reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(kind == StoreUnderTest.Sqlite ? 3 : 0));
        }

        Assert.NotEmpty(steps);
        return steps;
    }

    private static void AssertParts(OrderSnapshot? snapshot, string orderNo, int workOrders)
    {
        Assert.NotNull(snapshot);
        Assert.Equal(orderNo, snapshot.Order.OrderNo);
        Assert.Equal([1, 2], snapshot.Lines.Select(l => l.LineNo));
        Assert.All(snapshot.Lines, l => Assert.Equal(orderNo, l.OrderNo));
        Assert.Equal(workOrders, snapshot.WorkOrders.Count);
        Assert.All(snapshot.Shipments, s => Assert.Equal(orderNo, s.OrderNo));
        Assert.Single(snapshot.Shipments);
    }

    private static string Describe(IEnumerable<OrderSnapshot> snapshots) => string.Join("; ", snapshots
        .OrderBy(s => s.Order.OrderNo, StringComparer.Ordinal)
        .Select(s => $"{s.Order.OrderNo}: {string.Join(",", s.Lines.Select(l => l.LineNo))} / {s.WorkOrders.Count} / {s.Shipments.Count}"));

    private static IEnumerable<CanonicalChange> OrderWithParts(string orderNo) =>
    [
        Change(new SalesOrder { OrderNo = orderNo, CustomerCode = "C001", OrderDate = T0 }),
        Change(new SalesOrderLine { OrderNo = orderNo, LineNo = 1, ItemCode = "A-1", Quantity = 2 }),
        Change(new SalesOrderLine { OrderNo = orderNo, LineNo = 2, ItemCode = "B-2", Quantity = 3 }),
        Change(new WorkOrder { WorkOrderNo = "WO-" + orderNo, OrderNo = orderNo, LineNo = 1, QuantityPlanned = 2 }),
        Change(new Shipment { ShipmentNo = "SH-" + orderNo, OrderNo = orderNo, LineNo = 1, Quantity = 2 }),
    ];

    private static CanonicalChange Change(CanonicalEntity entity) => new(entity, new SourceStamp("erp", T0, null));
}
