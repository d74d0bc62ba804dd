using System.Globalization;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>
/// Reading runs ahead of storing (issue 17, "Benchmarks"): the next batch is read and prepared while one is stored,
/// batches are stored in order each with its watermark, and a failed or cancelled batch stops everything after it.
/// Against a real PostgreSQL started by the fixture.
/// </summary>
public sealed class PipelinedPollingTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    // A hang guard only: every wait below is for a condition.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private static SqlSourceOptions Source(string connectionString, long overlap, int batchSize) =>
        TestPollers.Orders(connectionString, "id, customer, amount, updated_at", overlap, batchSize);

    private static SqlSourcePoller Poller(SqlSourceOptions source, ISqlBatchSink sink) => TestPollers.Poller(source, sink);

    // Rows 1..count, one millisecond apart from 2026-01-01T00:00:00.001Z: row n's watermark is n ms.
    private async Task<string> OrdersAsync(int count)
    {
        var db = await postgres.NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(db, string.Create(CultureInfo.InvariantCulture, $"""
            CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, customer TEXT NOT NULL, amount NUMERIC(12,2) NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
            INSERT INTO orders SELECT g, 'C' || g, g / 100.0, timestamptz '2026-01-01Z' + g * interval '1 ms' FROM generate_series(1, {count}) g;
            """));
        return db;
    }

    [Fact]
    public async Task Poll_StoreFailsOnBatchThree_WatermarkStaysAtBatchTwo_NextPollStoresTheRestOnce()
    {
        var db = await OrdersAsync(1000);
        var sink = new RecordingSqlSink();
        var attempts = 0;
        sink.BeforeStore = (_, _) => Interlocked.Increment(ref attempts) == 3
            ? throw new InvalidOperationException("disk full (injected on batch 3)")
            : Task.CompletedTask;

        // An overlap of 1 s covers every row: the next poll reads batches 1 and 2 again and must skip them.
        var poller = Poller(Source(db, overlap: 1, batchSize: 100), sink);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => poller.PollOnceAsync(CancellationToken.None).AsTask());
        Assert.Contains("batch 3", failed.Message, StringComparison.Ordinal);
        Assert.Equal(2, sink.Batches.Count);
        Assert.Equal("2026-01-01T00:00:00.2000000Z", sink.Batches[^1].Watermark);
        Assert.Equal("2026-01-01T00:00:00.2000000Z", poller.WatermarkText);
        Assert.Equal("2026-01-01T00:00:00.2000000Z", await sink.LoadWatermarkAsync("erp-orders", CancellationToken.None));
        Assert.Equal(200, poller.GetStatus().Counts["rowsStored"]);

        Assert.Equal(800, await poller.PollOnceAsync(CancellationToken.None));

        var keys = sink.Keys();
        Assert.Equal(1000, keys.Count);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)), keys);
        var counts = poller.GetStatus().Counts;
        Assert.Equal(1000, counts["rowsStored"]);
        Assert.Equal(200, counts["duplicatesSkipped"]);
        Assert.Equal("2026-01-01T00:00:01.0000000Z", poller.WatermarkText);
    }

    [Fact]
    public async Task Poll_ReadsAndPreparesTheNextBatch_WhileOneIsStored_AtMostThreeAhead()
    {
        var db = await OrdersAsync(2000);
        var sink = new RecordingSqlSink();
        var secondPrepared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.OnPrepare = prepared =>
        {
            if (prepared == 2)
            {
                secondPrepared.TrySetResult();
            }
        };

        // The first batch's store holds until the second batch has been prepared: a serial poll never gets there.
        sink.BeforeStore = (batch, cancellationToken) => batch.Records[0].Fields["id"] == "1"
            ? secondPrepared.Task.WaitAsync(Guard, cancellationToken)
            : Task.CompletedTask;
        var poller = Poller(Source(db, overlap: 0, batchSize: 100), sink);

        Assert.Equal(2000, await poller.PollOnceAsync(CancellationToken.None));

        // One being stored, one queued, one being prepared: never a fourth.
        Assert.InRange(sink.MostAhead, 2, 3);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => i.ToString(CultureInfo.InvariantCulture)), sink.Keys());
        Assert.Equal(Enumerable.Range(1, 20).Select(b => string.Create(CultureInfo.InvariantCulture, $"2026-01-01T00:00:{b / 10:00}.{b % 10}000000Z")),
            sink.Batches.Select(b => b.Watermark));
    }

    [Fact]
    public async Task Poll_CancelledWhileABatchIsStored_StopsWithNothingInFlight_AndResumesFromTheLastStoredBatch()
    {
        var db = await OrdersAsync(1000);
        var sink = new RecordingSqlSink();
        var secondStoring = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.BeforeStore = async (batch, cancellationToken) =>
        {
            if (batch.Records[0].Fields["id"] == "101")
            {
                secondStoring.TrySetResult();

                // Holds the store until the poll is cancelled (a wait on the token, not a pause).
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var poller = Poller(Source(db, overlap: 0, batchSize: 100), sink);
        using var cancel = new CancellationTokenSource();

        var poll = poller.PollOnceAsync(cancel.Token).AsTask();
        await secondStoring.Task.WaitAsync(Guard);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll.WaitAsync(Guard));

        // The poll returned with no store still running; the watermark is the first batch's.
        Assert.Equal(0, sink.Storing);
        Assert.Single(sink.Batches);
        Assert.Equal("2026-01-01T00:00:00.1000000Z", poller.WatermarkText);

        sink.BeforeStore = null;
        Assert.Equal(900, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)), sink.Keys());
    }

    [Fact]
    public async Task Poll_RowCommittedLateInsideTheOverlap_IsFound_WithBatchesInFlight()
    {
        var db = await OrdersAsync(0);
        var sink = new RecordingSqlSink();
        var poller = Poller(Source(db, overlap: 60, batchSize: 5), sink);

        // A writer inserts a row stamped 10 s ago and has not committed yet.
        await using var late = new NpgsqlConnection(db);
        await late.OpenAsync();
        await using var transaction = await late.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO orders VALUES (100, 'LATE', 5.00, now() - interval '10 s')", late, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        // Other writers commit newer rows; the poll, 8 batches deep, moves the watermark past the late row's time.
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders SELECT g, 'C', 1.00, now() - interval '1 s' + g * interval '1 ms' FROM generate_series(1, 40) g");
        Assert.Equal(40, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(8, sink.Batches.Count);
        var watermark = DateTimeOffset.Parse(poller.WatermarkText!, CultureInfo.InvariantCulture);

        await transaction.CommitAsync();
        await PostgresServer.ExecuteAsync(db, "INSERT INTO orders VALUES (41, 'C', 1.00, now())");
        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));

        var late100 = sink.Batches.SelectMany(b => b.Records).Single(r => r.Fields["id"] == "100");
        Assert.True(late100.ReceivedAt < watermark, "the late row is older than the watermark the first poll reached");
        Assert.Equal(Enumerable.Range(1, 41).Append(100).Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(), sink.Keys().Order());
        Assert.Equal(40, poller.GetStatus().Counts["duplicatesSkipped"]);
    }
}
