using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>The poller against a real PostgreSQL started by the fixture.</summary>
public sealed class PostgresPollingTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string Table = """
        CREATE TABLE orders (
            id         INTEGER       NOT NULL PRIMARY KEY,
            customer   TEXT          NOT NULL,
            amount     NUMERIC(12,2) NOT NULL,
            filler     TEXT          NULL,
            updated_at TIMESTAMPTZ   NOT NULL
        );
        """;

    private static SqlSourceOptions Source(string connectionString, long overlap = 60, int batchSize = 100) =>
        TestPollers.Orders(connectionString, "id, customer, amount, filler, updated_at", overlap, batchSize);

    private static SqlSourcePoller Poller(SqlSourceOptions source, ISqlBatchSink sink) => TestPollers.Poller(source, sink);

    private async Task<string> NewDatabaseAsync()
    {
        var db = await postgres.NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, Table);
        return db;
    }

    [Fact]
    public async Task Poll_ReadsNewAndChangedRowsOnce_WithInvariantText()
    {
        var db = await NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, """
            INSERT INTO orders VALUES (1, 'C001', 12.50, NULL, now() - interval '3 s'),
                                      (2, 'C002', 1000.00, NULL, now() - interval '2 s'),
                                      (3, 'C003', 7.05, NULL, now() - interval '1 s');
            """);
        var sink = new RecordingSqlSink();
        var poller = Poller(Source(db), sink);

        Assert.Equal(3, await poller.PollOnceAsync(CancellationToken.None));
        var first = sink.Batches.Single().Records;
        Assert.Equal(["1", "2", "3"], first.Select(r => r.Fields["id"]));
        Assert.Equal("12.50", first[0].Fields["amount"]);
        Assert.Null(first[0].Fields["filler"]);
        Assert.EndsWith("Z", first[0].Fields["updated_at"], StringComparison.Ordinal);

        // Nothing new: the overlap window is read again, and all of it is recognised as seen.
        Assert.Equal(0, await poller.PollOnceAsync(CancellationToken.None));

        await PostgresServer.ExecuteAsync(db, """
            INSERT INTO orders VALUES (4, 'C004', 1.00, NULL, now());
            UPDATE orders SET amount = 13.00, updated_at = now() WHERE id = 1;
            """);
        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(["1", "2", "3", "1", "4"], sink.Keys().Take(3).Concat(sink.Batches[^1].Records.Select(r => r.Fields["id"]!).Order()));
        Assert.Equal("13.00", sink.Batches[^1].Records.Single(r => r.Fields["id"] == "1").Fields["amount"]);
        var status = poller.GetStatus();
        Assert.Equal(AdapterState.Running, status.State);
        Assert.Equal(5, status.Counts["rowsStored"]);
        Assert.True(status.Counts["duplicatesSkipped"] >= 3);
    }

    [Fact]
    public async Task Poll_RowCommittedLateWithAnOlderTimestamp_IsReadByTheOverlap()
    {
        var db = await NewDatabaseAsync();
        var sink = new RecordingSqlSink();
        var poller = Poller(Source(db, overlap: 60), sink);

        // A writer opens a transaction and inserts a row stamped 10 s ago, but has not committed yet.
        await using var late = new NpgsqlConnection(db);
        await late.OpenAsync();
        await using var transaction = await late.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO orders VALUES (100, 'LATE', 5.00, NULL, now() - interval '10 s')", late, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        // Other writers commit newer rows; the poll moves the watermark past the late row's timestamp.
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT g, 'C', 1.00, NULL, now() FROM generate_series(1, 20) g");
        Assert.Equal(20, await poller.PollOnceAsync(CancellationToken.None));
        var watermark = DateTimeOffset.Parse(poller.WatermarkText!, System.Globalization.CultureInfo.InvariantCulture);

        await transaction.CommitAsync();
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders VALUES (21, 'C', 1.00, NULL, now())");
        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));

        var late100 = sink.Batches.SelectMany(b => b.Records).Single(r => r.Fields["id"] == "100");
        Assert.True(late100.ReceivedAt < watermark, "the late row is older than the watermark the first poll reached");
        Assert.Equal(Enumerable.Range(1, 21).Append(100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            sink.Keys().Order());
    }

    [Fact]
    public async Task Restart_ResumesFromTheStoredWatermark()
    {
        var db = await NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT g, 'C', 1.00, NULL, timestamptz '2026-01-01Z' + g * interval '1 min' FROM generate_series(1, 10) g");
        var sink = new RecordingSqlSink();
        Assert.Equal(10, await Poller(Source(db, overlap: 0, batchSize: 4), sink).PollOnceAsync(CancellationToken.None));
        Assert.Equal(3, sink.Batches.Count);
        Assert.Equal("2026-01-01T00:10:00.0000000Z", sink.Batches[^1].Watermark);

        // A new poller (the hub restarted) with the same store starts at the stored watermark, not at the beginning.
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT g, 'C', 1.00, NULL, timestamptz '2026-01-01Z' + g * interval '1 min' FROM generate_series(11, 12) g");
        var before = sink.Keys().Count;
        await Poller(Source(db, overlap: 0), sink).PollOnceAsync(CancellationToken.None);

        // Row 10 sits exactly on the watermark (>=) and is applied again, harmlessly; rows 1-9 are not read again.
        Assert.Equal(["10", "11", "12"], sink.Keys().Skip(before));
    }

    [Fact]
    public async Task LostConnection_MidRead_IsRetriedAndReported_NoRowSkipped()
    {
        var db = await NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT g, 'C', 1.00, repeat('x', 400), timestamptz '2026-01-01Z' + g * interval '1 ms' FROM generate_series(1, 30000) g");
        var sink = new RecordingSqlSink();
        var killed = 0;
        sink.BeforeStore = async (_, cancellationToken) =>
        {
            if (Interlocked.Exchange(ref killed, 1) == 0)
            {
                // The poller's own connection is still reading the rest of the result when this runs.
                await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(),
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE 'SELECT id, customer%'", cancellationToken);
            }
        };
        var poller = Poller(Source(db, overlap: 0, batchSize: 1000), sink);

        await poller.PollWithRetryAsync(CancellationToken.None);

        var status = poller.GetStatus();
        Assert.True(status.Counts["failures"] >= 1, "the terminated connection was noticed");
        Assert.NotNull(status.LastError);
        Assert.Equal(AdapterState.Running, status.State);
        Assert.Equal(30000, sink.Keys().Distinct().Count());
        Assert.Equal("2026-01-01T00:00:30.0000000Z", poller.WatermarkText);
    }

    [Fact]
    public async Task LockedTable_TimesOut_IsReportedAsRetrying_ThenCatchesUp()
    {
        var db = await NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT g, 'C', 1.00, NULL, now() FROM generate_series(1, 50) g");
        var sink = new RecordingSqlSink();
        var poller = Poller(Source(db) with { CommandTimeout = TimeSpan.FromSeconds(1) }, sink);

        await using var locker = new NpgsqlConnection(db);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", locker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var poll = poller.PollWithRetryAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (poller.GetStatus().State != AdapterState.Retrying)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Empty(sink.Batches);
        Assert.Contains("Timeout", poller.GetStatus().LastError, StringComparison.OrdinalIgnoreCase);
        await transaction.RollbackAsync();

        Assert.Equal(50, await poll.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(AdapterState.Running, poller.GetStatus().State);
        Assert.Equal(50, sink.Keys().Distinct().Count());
    }

    [Fact]
    public async Task KeyComparison_FindsDeletedRows_AndRefusesToEmptyTheStoreOnAWrongQuery()
    {
        var db = await NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT i, 'C001', i, NULL, now() - interval '10 s' + i * interval '1 ms' FROM generate_series(1, 40) AS i");
        var sink = new RecordingSqlSink();
        var poller = Poller(Source(db) with { KeysQuery = "SELECT id FROM orders" }, sink);
        Assert.Equal(40, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(new SqlDeletionCheck(40, 40, 0, 0, null), await poller.DetectDeletedAsync(CancellationToken.None));

        await PostgresServer.ExecuteAsync(db, "DELETE FROM orders WHERE id IN (7, 31)");
        Assert.Equal(new SqlDeletionCheck(38, 40, 2, 2, null), await poller.DetectDeletedAsync(CancellationToken.None));
        Assert.Equal(2, poller.GetStatus().Counts["rowsDeleted"]);
        Assert.Equal(new SqlDeletionCheck(38, 38, 0, 0, null), await poller.DetectDeletedAsync(CancellationToken.None));

        // A key query that finds nothing (here: a wrong filter) would remove everything: refused and reported.
        var wrong = Poller(Source(db) with { KeysQuery = "SELECT id FROM orders WHERE customer = 'C999'" }, sink);
        var refused = await wrong.DetectDeletedAsync(CancellationToken.None);
        Assert.Equal((0, 38, 38, 0), (refused.Existing, refused.Stored, refused.Gone, refused.Deleted));
        Assert.Contains("more than MaxDeletedShare 0.1; nothing was removed", refused.Refused, StringComparison.Ordinal);
        Assert.Contains("deleted-row check refused", wrong.GetStatus().LastError, StringComparison.Ordinal);
        Assert.Equal(38, (await sink.LoadStoredKeysAsync("erp-orders", CancellationToken.None)).Count);
    }
}
