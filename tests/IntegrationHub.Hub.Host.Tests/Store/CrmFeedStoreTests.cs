using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The CRM change feed's log (issue 23 item 1) on SQLite and PostgreSQL: every committed change of an entity or ticket
/// once, in commit order, with gap-free ids; nothing for telemetry, replays, older versions or rolled-back writes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrmFeedStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Everything = ["Customer", "SalesOrder", "SalesOrderLine", "WorkOrder", "Shipment", "ServiceTicket"];

    public static TheoryData<string> Stores => StoreUnderTest.Kinds;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Apply_LogsChangedEntitiesInOrder_NotTelemetryReplaysOrOlderVersions(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var feed = db.NewCrmFeedStore();
        var batch = new[]
        {
            Change(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C1", OrderDate = T0 }, T0),
            Change(new SalesOrderLine { OrderNo = "SO-1", LineNo = 1, ItemCode = "A", Quantity = 2 }, T0),
            Change(new AssetMetric { AssetId = "M1", Metric = "temp", Value = 20, Timestamp = T0 }, T0),
        };
        await db.Store.ApplyAsync(batch, [], CancellationToken.None);
        // The same batch again, and an older version of the order: nothing changes, nothing is logged.
        await db.Store.ApplyAsync(batch, [], CancellationToken.None);
        await db.Store.ApplyAsync([Change(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C9", OrderDate = T0 }, T0.AddHours(-1))], [], CancellationToken.None);
        await db.Store.ApplyAsync([Change(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C1", OrderDate = T0, Status = SalesOrderStatus.Closed }, T0.AddHours(1))], [], CancellationToken.None);

        var page = await feed.ReadAsync(0, Everything, 100, CancellationToken.None);

        Assert.Equal([(1L, "SalesOrder", "SO-1"), (2L, "SalesOrderLine", KeyParts.Join("SO-1", 1)), (3L, "SalesOrder", "SO-1")], page.Rows.Select(r => (r.Id, r.Kind, r.Key)));
        Assert.Equal(3, page.LastId);
        Assert.All(page.Rows, r => Assert.Equal("SO-1", r.OrderNo));
        Assert.Contains("Closed", page.Rows[2].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Closed", page.Rows[0].Body, StringComparison.Ordinal);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM crm_changes WHERE kind = 'AssetMetric'"));

        // Kinds, after and limit.
        var lines = await feed.ReadAsync(0, ["SalesOrderLine"], 100, CancellationToken.None);
        Assert.Equal([2L], lines.Rows.Select(r => r.Id));
        Assert.Equal(3, lines.LastId);
        Assert.Equal([3L], (await feed.ReadAsync(2, ["SalesOrder"], 100, CancellationToken.None)).Rows.Select(r => r.Id));
        Assert.Equal([1L], (await feed.ReadAsync(0, Everything, 1, CancellationToken.None)).Rows.Select(r => r.Id));
        Assert.Empty((await feed.ReadAsync(3, Everything, 100, CancellationToken.None)).Rows);
        Assert.Empty((await feed.ReadAsync(0, [], 100, CancellationToken.None)).Rows);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RolledBackWrite_LogsNothing_AndTheIdsStayGapFree(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var feed = db.NewCrmFeedStore();
        await db.Store.ApplyAsync([Change(new SalesOrder { OrderNo = "SO-1", CustomerCode = "C1", OrderDate = T0 }, T0)], [], CancellationToken.None);
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO entities (kind, entity_key, order_no, source, source_ts, body, stored_at) VALUES ('SalesOrder', 'SO-GONE', 'SO-GONE', 's', 1, '{}', 1)";
            await insert.ExecuteNonQueryAsync();
            await transaction.RollbackAsync();
        }

        await db.Store.ApplyAsync([Change(new SalesOrder { OrderNo = "SO-2", CustomerCode = "C1", OrderDate = T0 }, T0)], [], CancellationToken.None);

        var page = await feed.ReadAsync(0, Everything, 100, CancellationToken.None);
        Assert.Equal([(1L, "SO-1"), (2L, "SO-2")], page.Rows.Select(r => (r.Id, r.Key)));
        Assert.Matches("^[0-9a-f]{16}$", page.Epoch);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ApiKeys_StoredByHash_FoundListedAndRevokedOnce(string kind)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        var feed = db.NewCrmFeedStore();
        await feed.AddKeyAsync(new CrmApiKeyRecord("k1", "salesforce", "hash-1", ["SalesOrder", "Shipment"], T0, null), CancellationToken.None);
        await feed.AddKeyAsync(new CrmApiKeyRecord("k2", "jiandaoyun", "hash-2", ["ServiceTicket"], T0.AddSeconds(1), null), CancellationToken.None);

        var found = await feed.FindKeyAsync("hash-1", CancellationToken.None);
        Assert.Equal(("k1", "salesforce", (DateTimeOffset?)null), (found!.KeyId, found.Consumer, found.RevokedAt));
        Assert.Equal(["SalesOrder", "Shipment"], found.Kinds);
        Assert.Null(await feed.FindKeyAsync("hash-3", CancellationToken.None));

        Assert.True(await feed.RevokeKeyAsync("k1", T0.AddMinutes(1), CancellationToken.None));
        Assert.False(await feed.RevokeKeyAsync("k1", T0.AddMinutes(2), CancellationToken.None));
        Assert.False(await feed.RevokeKeyAsync("nobody", T0.AddMinutes(2), CancellationToken.None));
        Assert.Equal(T0.AddMinutes(1), (await feed.FindKeyAsync("hash-1", CancellationToken.None))!.RevokedAt);
        Assert.Equal(["k1", "k2"], (await feed.ListKeysAsync(CancellationToken.None)).Select(k => k.KeyId));
    }

    private static CanonicalChange Change(CanonicalEntity entity, DateTimeOffset version) => new(entity, new SourceStamp("erp", version));
}
