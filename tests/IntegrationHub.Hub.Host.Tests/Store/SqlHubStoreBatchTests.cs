using System.Globalization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The edges of a batch that the faster write paths of issue 17 (Benchmarks) must keep: SQLite's upsert on its own
/// handle, PostgreSQL's COPY of a large batch into a staging table (from <see cref="PostgreSqlHubStore.CopyUpsertsFrom"/>
/// upserts on) and its row-by-row statements below that. Each case runs on both stores, small and large.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlHubStoreBatchTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 1, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Each store with a batch below and one above PostgreSQL's COPY threshold.</summary>
    public static TheoryData<string, int> StoresAndSizes => new()
    {
        { StoreUnderTest.Sqlite, 0 },
        { StoreUnderTest.Sqlite, PostgreSqlHubStore.CopyUpsertsFrom + 100 },
        { StoreUnderTest.PostgreSql, 0 },
        { StoreUnderTest.PostgreSql, PostgreSqlHubStore.CopyUpsertsFrom + 100 },
    };

    [Theory]
    [MemberData(nameof(StoresAndSizes))]
    public async Task ApplyAsync_OneKeyThreeTimesInOneBatch_EachMeetsWhatTheOnesBeforeItLeft(string kind, int others)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        // Inserted, then replaced by a newer version, then an older one that must not win: as in three batches.
        List<CanonicalChange> batch =
        [
            Order("SO-X", T0, SalesOrderStatus.Open),
            .. Others(others / 2, "A"),
            Order("SO-X", T0.AddHours(2), SalesOrderStatus.Cancelled),
            .. Others(others - (others / 2), "B"),
            Order("SO-X", T0.AddHours(1), SalesOrderStatus.OnHold),
        ];

        var result = await db.Store.ApplyAsync(batch, [], CancellationToken.None);

        Assert.Equal(new ApplyResult(others + 2, 1, 0), result);
        var stored = (await db.Store.GetOrderSnapshotAsync("SO-X", CancellationToken.None))!.Order;
        Assert.Equal(SalesOrderStatus.Cancelled, stored.Status);
        Assert.Equal(StoreTime.Micros(T0.AddHours(2)), Convert.ToInt64(
            await db.ScalarAsync("SELECT source_ts FROM entities WHERE entity_key = 'SO-X'"), CultureInfo.InvariantCulture));
        Assert.Equal(others + 1L, (await db.Store.CountEntitiesAsync(CancellationToken.None))[EntityKind.SalesOrder]);
    }

    [Theory]
    [MemberData(nameof(StoresAndSizes))]
    public async Task ApplyAsync_StoredKeyUpdatedAndNewKeyInsertedThenUpdated_InOneBatch(string kind, int others)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        await db.Store.ApplyAsync([Order("SO-OLD", T0, SalesOrderStatus.Open)], [], CancellationToken.None);
        // Same time, other body: the first of the two wins (only a strictly newer version replaces), for the new key
        // as for the stored one.
        List<CanonicalChange> batch =
        [
            Order("SO-NEW", T0, SalesOrderStatus.Open),
            Order("SO-OLD", T0.AddMinutes(5), SalesOrderStatus.OnHold),
            .. Others(others, "C"),
            Order("SO-NEW", T0.AddMinutes(1), SalesOrderStatus.Closed),
            Order("SO-NEW", T0.AddMinutes(1), SalesOrderStatus.Cancelled),
            Order("SO-OLD", T0.AddMinutes(5), SalesOrderStatus.Cancelled),
        ];

        var result = await db.Store.ApplyAsync(batch, [], CancellationToken.None);

        Assert.Equal(new ApplyResult(others + 3, 2, 0), result);
        Assert.Equal(SalesOrderStatus.Closed, (await db.Store.GetOrderSnapshotAsync("SO-NEW", CancellationToken.None))!.Order.Status);
        Assert.Equal(SalesOrderStatus.OnHold, (await db.Store.GetOrderSnapshotAsync("SO-OLD", CancellationToken.None))!.Order.Status);
    }

    [Theory]
    [MemberData(nameof(StoresAndSizes))]
    public async Task ApplyAsync_RowThatFailedMappingInTheMiddle_ItsLetterAndEveryOtherRowStoredTogether(string kind, int others)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        // What the file sink hands over when line 10 of the chunk did not map: the rows around it and its dead letter.
        var letter = new DeadLetter("dl-mid", "erp-orders", "orders.csv:10", "{\"订单编号\":\"SO-BAD\"}", "column 金额: 'x' is not a number", T0)
        {
            ContentKey = "sha256:10",
        };
        var batch = Others(others + 2, "D");

        var first = await db.Store.ApplyAsync(batch, [letter], CancellationToken.None);
        var again = await db.Store.ApplyAsync(batch, [letter], CancellationToken.None);

        Assert.Equal(new ApplyResult(others + 2, 0, 1), first);
        Assert.Equal(new ApplyResult(0, others + 2, 0), again);
        // The listing does not carry the content key.
        Assert.Equal(letter with { ContentKey = null }, Assert.Single(await db.Store.ListDeadLettersAsync("erp-orders", includeReplayed: false, 10, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(StoresAndSizes))]
    public async Task ApplyAsync_StoredBody_IsTheSerializersTextSoAReimportOfEarlierRowsChangesNothing(string kind, int others)
    {
        await using var db = await StoreUnderTest.CreateAsync(kind, postgres);
        // Text the serializer escapes (quotes, a backslash, non-ASCII, a control character): rows stored before the
        // store wrote UTF-8 itself hold EntityJson.Serialize's text, and "body unchanged" compares with that.
        var order = new SalesOrder
        {
            OrderNo = "SO-\"Q\"\\1",
            CustomerCode = "C001",
            OrderDate = T0,
            CustomerReference = "客户 ref\u0001 <b>&amp;",
            Currency = "CNY",
            TotalAmount = 1234.50m,
        };
        List<CanonicalChange> batch = [new(order, new SourceStamp("erp-orders", T0, "orders.csv:2")), .. Others(others, "E")];

        await db.Store.ApplyAsync(batch, [], CancellationToken.None);

        var body = (string)(await db.ScalarAsync("SELECT body FROM entities WHERE entity_key = 'SO-\"Q\"\\1'"))!;
        Assert.Equal(EntityJson.Serialize(order), body);
        Assert.Equal(order, (SalesOrder)EntityJson.Deserialize(EntityKind.SalesOrder, body));
    }

    [Fact]
    public async Task ApplyAsync_LargeBatchStoredAlready_LeavesEveryRowUntouchedOnPostgreSql()
    {
        await using var db = await StoreUnderTest.CreateAsync(StoreUnderTest.PostgreSql, postgres);
        var batch = Others(PostgreSqlHubStore.CopyUpsertsFrom + 100, "F");
        await db.Store.ApplyAsync(batch, [], CancellationToken.None);

        var again = await db.Store.ApplyAsync(batch, [], CancellationToken.None);

        // Issue 17, Benchmarks: a re-import changes nothing and now writes nothing either. ON CONFLICT DO UPDATE locked
        // each conflicting row before its WHERE refused it, which stamps the row's xmax; a row never touched keeps 0.
        Assert.Equal(new ApplyResult(0, batch.Count, 0), again);
        Assert.Equal(0L, Convert.ToInt64(
            await db.ScalarAsync("SELECT count(*) FROM entities WHERE xmax::text <> '0'"), CultureInfo.InvariantCulture));
    }

    private static List<CanonicalChange> Others(int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => Order(string.Create(CultureInfo.InvariantCulture, $"SO-{prefix}-{i:D5}"), T0, SalesOrderStatus.Open))];

    private static CanonicalChange Order(string orderNo, DateTimeOffset version, SalesOrderStatus status) =>
        new(new SalesOrder { OrderNo = orderNo, CustomerCode = "C001", OrderDate = T0, Status = status }, new SourceStamp("erp-orders", version, "orders.csv:" + orderNo));
}
