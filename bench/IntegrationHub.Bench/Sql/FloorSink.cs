using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Sql;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// The floor of the sql benchmark (issue 17, "Benchmarks"): the poller's batches stored through the plainest insert
/// there is into the store's own <c>entities</c> table (made by the hub's migrations, so the same indexes): one
/// connection, one INSERT statement for every row, one transaction per batch with the source's watermark, as the
/// hub's batches. SQLite (in-process) runs the prepared statement row by row, synchronously; a server that takes a
/// batch of statements (PostgreSQL: DbBatch) gets the batch's rows in one round trip. No mapping: the body is the
/// row's fields as JSON, written on the reading side (where the hub maps) with one reused writer. What the hub spends
/// above this is its own (mapping, upsert checks, change journal).
/// </summary>
internal sealed class FloorSink(DbConnection connection, string watermarkUpsert) : ISqlBatchSink, IAsyncDisposable
{
    private const string InsertSql = "INSERT INTO entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at) ";

    private static readonly DbType[] ParameterTypes =
        [DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.Int64];

    private DbCommand? _insert;
    private DbCommand? _watermark;

    public long Rows { get; private set; }

    public Task<string?> LoadWatermarkAsync(string source, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task StoreAsync(SqlBatch batch, CancellationToken cancellationToken) => StorePreparedAsync(Prepare(batch), cancellationToken);

    public PreparedSqlBatch Prepare(SqlBatch batch)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer);
        var bodies = new string[batch.Records.Count];
        for (var i = 0; i < bodies.Length; i++)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            foreach (var (name, value) in batch.Records[i].Fields)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.Flush();
            bodies[i] = Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        return new(batch, bodies);
    }

    public async Task StorePreparedAsync(PreparedSqlBatch batch, CancellationToken cancellationToken)
    {
        var bodies = (string[])batch.State!;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (connection.CanCreateBatch)
        {
            await InsertBatchAsync(batch, bodies, now, transaction, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var insert = _insert ??= await PrepareAsync(
                InsertSql + "VALUES (@kind, @key, @customer, @order, @sort, @source, @ts, @ref, @body, @stored)",
                ["@kind", "@key", "@customer", "@order", "@sort", "@source", "@ts", "@ref", "@body", "@stored"], ParameterTypes,
                transaction, cancellationToken).ConfigureAwait(false);
            insert.Transaction = transaction;
            for (var i = 0; i < bodies.Length; i++)
            {
                Bind(insert.Parameters, batch.Batch.Records[i], batch.Batch.Source, bodies[i], now);

                // Synchronous: SQLite works in this process, and an async call per row only adds a task to each.
                insert.ExecuteNonQuery();
            }
        }

        var watermark = _watermark ??= await PrepareAsync(
            watermarkUpsert, ["@source", "@watermark", "@at"], [DbType.String, DbType.String, DbType.Int64], transaction, cancellationToken).ConfigureAwait(false);
        watermark.Transaction = transaction;
        watermark.Parameters[0].Value = batch.Batch.Source;
        watermark.Parameters[1].Value = batch.Batch.Watermark;
        watermark.Parameters[2].Value = now;
        await watermark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Rows += bodies.Length;
    }

    private async Task InsertBatchAsync(PreparedSqlBatch batch, string[] bodies, long now, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateBatch();
        insert.Transaction = transaction;
        for (var i = 0; i < bodies.Length; i++)
        {
            // Positional parameters: the same statement text for every row, prepared once by the server's driver.
            var command = insert.CreateBatchCommand();
            command.CommandText = InsertSql + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
            foreach (var type in ParameterTypes)
            {
                var parameter = command.CreateParameter();
                parameter.DbType = type;
                command.Parameters.Add(parameter);
            }

            Bind(command.Parameters, batch.Batch.Records[i], batch.Batch.Source, bodies[i], now);
            insert.BatchCommands.Add(command);
        }

        await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Bind(DbParameterCollection p, SourceRecord record, string source, string body, long now)
    {
        p[0].Value = "SalesOrder";
        p[1].Value = record.Fields["order_no"];
        p[2].Value = record.Fields["customer_code"];
        p[3].Value = record.Fields["order_no"];
        p[4].Value = DBNull.Value;
        p[5].Value = source;
        p[6].Value = record.ReceivedAt.UtcTicks;
        p[7].Value = record.Reference;
        p[8].Value = body;
        p[9].Value = now;
    }

    public Task<IReadOnlyCollection<string>> LoadStoredKeysAsync(string source, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The floor has no deleted-row check.");

    public Task<int> DeleteAsync(string source, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The floor has no deleted-row check.");

    public async ValueTask DisposeAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
        }

        if (_watermark is not null)
        {
            await _watermark.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<DbCommand> PrepareAsync(
        string sql, string[] names, DbType[] types, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        for (var i = 0; i < names.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = names[i];
            parameter.DbType = types[i];
            command.Parameters.Add(parameter);
        }

        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return command;
    }
}
