using System.Collections.Concurrent;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// The change feed on a real PostgreSQL (issue 18 item 4): the schema's triggers notify in the writing transaction (only
/// committed changes, folded per transaction, small payloads), and the listener re-reads everything after it lost its
/// connection, because NOTIFY is not kept for a session that was not listening.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlChangeFeedTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Triggers_NotifyCommittedOrderChangesOncePerTransaction_NotTelemetryRollbacksOrReplays_LongKeyIsEverything()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var process = new PostgresStoreProcess(database);
        await process.Store.MigrateAsync(CancellationToken.None);
        await using var listener = await Listener.StartAsync(database);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // An order with two lines and a work order in one batch: one notification, by order number.
        var order = Batch(1,
            new SalesOrder { OrderNo = "SO-T1", CustomerCode = "C1", OrderDate = At },
            new SalesOrderLine { OrderNo = "SO-T1", LineNo = 1, ItemCode = "A", Quantity = 1 },
            new SalesOrderLine { OrderNo = "SO-T1", LineNo = 2, ItemCode = "B", Quantity = 1 },
            new WorkOrder { WorkOrderNo = "WO-T1", OrderNo = "SO-T1", QuantityPlanned = 2 });
        await process.Store.ApplyAsync(order, [], CancellationToken.None);
        Assert.Equal("oSO-T1", await listener.NextAsync(cts.Token));

        // Telemetry (latest values: no order), the same batch again (no row changes), a rolled-back write: no
        // notification. Notifications arrive in commit order, so the next one is the order written after them.
        await process.Store.ApplyAsync(Batch(2, new AssetMetric { AssetId = "M1", Metric = "temp", Value = 1, Timestamp = At }), [], CancellationToken.None);
        await process.Store.ApplyAsync(order, [], CancellationToken.None);
        await using (var connection = await process.Connections.OpenConnectionAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO entities (kind, entity_key, order_no, source, source_ts, body, stored_at) VALUES ('SalesOrder', 'SO-GONE', 'SO-GONE', 's', 1, '{}', 1)",
                connection, transaction);
            await insert.ExecuteNonQueryAsync();
            await transaction.RollbackAsync();
        }

        await process.Store.ApplyAsync(Batch(3, new WorkOrder { WorkOrderNo = "WO-T2", OrderNo = "SO-T2", QuantityPlanned = 1 }), [], CancellationToken.None);
        Assert.Equal("oSO-T2", await listener.NextAsync(cts.Token));

        // An order number past what a notification carries (hostile input): the write is stored, and every page re-reads.
        var longNo = "SO-" + new string('9', 9000);
        var result = await process.Store.ApplyAsync(Batch(4, new SalesOrder { OrderNo = longNo, CustomerCode = "C1", OrderDate = At }), [], CancellationToken.None);
        Assert.Equal(1, result.Changed);
        Assert.Equal("*", await listener.NextAsync(cts.Token));

        // A ticket row and a revoked token (credentials) notify too.
        await PostgresServer.ExecuteAsync(database, """
            INSERT INTO tickets (ticket_no, asset_id, customer_code, alarm_code, priority, status, opened_at, created_at, body)
            VALUES ('T-1', 'M1', 'C1', 'TEMP', 'P1', 'Open', 1, 1, '{}');
            INSERT INTO portal_tokens (token_id, customer_code, token_hash, created_at) VALUES ('k1', 'C1', 'h1', 1);
            UPDATE portal_tokens SET revoked_at = 2 WHERE token_id = 'k1';
            """);
        Assert.Equal("tT-1", await listener.NextAsync(cts.Token));
        Assert.Equal("c", await listener.NextAsync(cts.Token));
    }

    [Fact]
    public async Task Listener_ConnectionTerminated_ChangeMadeWhileNotListening_EveryPageReReadsOnceListeningAgain()
    {
        var database = await postgres.NewDatabaseAsync();
        await using var process = new PostgresStoreProcess(database);
        await process.Store.MigrateAsync(CancellationToken.None);
        var clock = new ManualTimeProvider();
        var fanOut = new ChangeFanOut(clock, ChangeFeedState.Starting);
        var log = new ListLogger();
        var listener = new PostgreSqlChangeListener(process.Connections, fanOut, new HubOptions { NodeId = "feed-test" }, clock, new PostgresStoreProcess.TypedLogger<PostgreSqlChangeListener>(log));
        using var page = fanOut.Subscribe(n => n.Kind == ChangeKind.Order && n.Key == "SO-R1");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await listener.StartAsync(cts.Token);
        try
        {
            // Listening: the first LISTEN tells every page to re-read once (what changed before it is covered).
            await WaitUntilAsync(() => fanOut.Status.State == ChangeFeedState.Listening, cts.Token);
            Assert.True(await page.WaitAsync(TimeSpan.Zero, clock, cts.Token));
            await process.Store.ApplyAsync(Batch(1, new WorkOrder { WorkOrderNo = "WO-R1", OrderNo = "SO-R1", QuantityPlanned = 1 }), [], CancellationToken.None);
            Assert.True(await page.WaitAsync(TimeSpan.FromMinutes(5), clock, cts.Token));

            Assert.Equal(1, await Sql.CountAsync(database,
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{listener.ApplicationName}'"));
            await WaitUntilAsync(() => fanOut.Status.State == ChangeFeedState.Reconnecting, cts.Token);

            // The listener waits out its back-off on the manual clock, so this change is made while nobody listens: its
            // NOTIFY is lost for this node.
            await process.Store.ApplyAsync(Batch(2, new WorkOrder { WorkOrderNo = "WO-R1", OrderNo = "SO-R1", QuantityPlanned = 1, QuantityDone = 1 }), [], CancellationToken.None);
            Assert.False(await page.WaitAsync(TimeSpan.Zero, clock, cts.Token));

            while (fanOut.Status.State != ChangeFeedState.Listening)
            {
                // The back-off's timer may be armed just after a step; step again until it has fired. A poll interval
                // inside a condition wait, cts is the hang guard.
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20, cts.Token);
            }

            Assert.True(await page.WaitAsync(TimeSpan.FromMinutes(5), clock, cts.Token));
            Assert.Equal(1, fanOut.Status.Reconnects);
            Assert.Contains(log.Entries, e => e.EventId == 1701);
            Assert.Contains(log.Entries, e => e.EventId == 1702);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }

        Assert.Equal(ChangeFeedState.Stopped, fanOut.Status.State);
        Assert.Equal(0, await Sql.CountAsync(database, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{listener.ApplicationName}'"));
    }

    private static List<CanonicalChange> Batch(int version, params CanonicalEntity[] entities) =>
        [.. entities.Select(e => new CanonicalChange(e, new SourceStamp("feed-test", At.AddMinutes(version))))];

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            // A poll interval inside a condition wait; the token is the hang guard.
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>A plain LISTEN session beside the store, collecting payloads in arrival order.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly ConcurrentQueue<string> _payloads = new();

        private Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, e) => _payloads.Enqueue(e.Payload);
        }

        public static async Task<Listener> StartAsync(string database)
        {
            var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            var listener = new Listener(connection);
            await using var listen = new NpgsqlCommand("LISTEN " + PostgreSqlChangeListener.Channel, connection);
            await listen.ExecuteNonQueryAsync();
            return listener;
        }

        public async Task<string> NextAsync(CancellationToken cancellationToken)
        {
            string? payload;
            while (!_payloads.TryDequeue(out payload))
            {
                await _connection.WaitAsync(cancellationToken);
            }

            return payload;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
