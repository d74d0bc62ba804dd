using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// The CRM change feed's commit order on a real PostgreSQL (issue 23 item 1): a transaction that began writing first
/// but commits last must not be skipped by a reader that already read past the one that committed before it (the
/// lost-row bug of cursor feeds on a sequence).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCrmFeedOrderTests(PostgresFixture postgres)
{
    private static readonly string[] Orders = ["SalesOrder"];

    [Fact]
    public async Task TwoTransactions_CommittingOutOfOrder_ReaderResumingFromItsCursor_MissesNeither()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var process = new PostgresStoreProcess(database);
        await process.Store.MigrateAsync(CancellationToken.None);
        var feed = new PostgreSqlCrmFeedStore(process.Connections);

        // A writes first (with a sequence it would take the lower id) and stays open.
        await using var first = await process.Connections.OpenConnectionAsync(CancellationToken.None);
        await using var firstTransaction = await first.BeginTransactionAsync();
        await InsertOrderAsync(first, firstTransaction, "SO-FIRST-WRITER");

        // B writes later and commits first.
        await using (var second = await process.Connections.OpenConnectionAsync(CancellationToken.None))
        await using (var secondTransaction = await second.BeginTransactionAsync())
        {
            await InsertOrderAsync(second, secondTransaction, "SO-FIRST-COMMIT");
            await secondTransaction.CommitAsync();
        }

        var before = await feed.ReadAsync(0, Orders, 100, CancellationToken.None);
        Assert.Equal([(1L, "SO-FIRST-COMMIT")], before.Rows.Select(r => (r.Id, r.Key)));
        Assert.Equal(1, before.LastId);

        await firstTransaction.CommitAsync();

        // The reader resumes where its page ended, as a CRM does with the cursor.
        var after = await feed.ReadAsync(before.LastId, Orders, 100, CancellationToken.None);
        Assert.Equal([(2L, "SO-FIRST-WRITER")], after.Rows.Select(r => (r.Id, r.Key)));
        Assert.Equal(0, await CountPendingAsync(process.Connections));
    }

    [Fact]
    public async Task ManyWritersCommittingInRandomOrder_AReaderPagingMeanwhile_SeesEveryChangeOnce()
    {
        const int writers = 6;
        const int perWriter = 25;
        var database = await postgres.NewDatabaseAsync();
        await using var process = new PostgresStoreProcess(database);
        await process.Store.MigrateAsync(CancellationToken.None);
        var feed = new PostgreSqlCrmFeedStore(process.Connections);

        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < perWriter; i++)
            {
                await using var connection = await process.Connections.OpenConnectionAsync(CancellationToken.None);
                await using var transaction = await connection.BeginTransactionAsync();
                await InsertOrderAsync(connection, transaction, $"SO-{w}-{i}");
                // Hold the transaction open a little, so that commits overtake each other.
                await Task.Delay(random.Next(0, 15));
                await transaction.CommitAsync();
            }
        })).ToList();

        var seen = new List<string>();
        long cursor = 0;
        var lastPosition = 0L;
        while (true)
        {
            var done = writing.All(t => t.IsCompleted);
            var page = await feed.ReadAsync(cursor, Orders, 7, CancellationToken.None);
            foreach (var row in page.Rows)
            {
                Assert.True(row.Id > lastPosition, $"position {row.Id} came after {lastPosition}");
                lastPosition = row.Id;
                seen.Add(row.Key);
            }

            cursor = page.Rows.Count == 7 ? page.Rows[^1].Id : page.LastId;
            if (done && page.Rows.Count < 7)
            {
                break;
            }
        }

        await Task.WhenAll(writing);
        Assert.Equal(writers * perWriter, seen.Count);
        Assert.Equal(writers * perWriter, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(writers * perWriter, lastPosition);
    }

    private static async Task InsertOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orderNo)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO entities (kind, entity_key, order_no, source, source_ts, body, stored_at) VALUES ('SalesOrder', $1, $1, 'erp', 1, '{}', 1)",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = orderNo });
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountPendingAsync(PostgreSqlConnections connections)
    {
        await using var connection = await connections.OpenConnectionAsync(CancellationToken.None);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM crm_changes_pending", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
