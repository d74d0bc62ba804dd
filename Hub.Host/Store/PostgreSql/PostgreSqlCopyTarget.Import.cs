using System.Globalization;
using System.Text.RegularExpressions;
using IntegrationHub.Hub.Host.Store.Copy;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>The rows: binary COPY in chunks, day partitions made before a chunk needs them, a refused row named.</summary>
internal sealed partial class PostgreSqlCopyTarget
{
    /// <summary>
    /// Writes <paramref name="rows"/> into <paramref name="table"/> by binary COPY (issue 17 item 1: NpgsqlBinaryImporter
    /// for big tables), <paramref name="chunkRows"/> rows per COPY statement; <paramref name="progress"/> gets the rows
    /// written so far after each chunk. Returns the rows written.
    /// </summary>
    /// <exception cref="StoreCopyException">PostgreSQL refused a row (named by its key) or the connection failed.</exception>
    public async Task<long> WriteAsync(
        CopyTable table, IAsyncEnumerable<object?[]> rows, int chunkRows, Func<long, Task> progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        var chunk = new List<object?[]>(Math.Min(chunkRows, 10_000));
        long written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            chunk.Add(row);
            if (chunk.Count == chunkRows)
            {
                written += await ImportAsync(table, chunk, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
                await progress(written).ConfigureAwait(false);
            }
        }

        if (chunk.Count > 0)
        {
            written += await ImportAsync(table, chunk, cancellationToken).ConfigureAwait(false);
            await progress(written).ConfigureAwait(false);
        }

        return written;
    }

    private async Task<long> ImportAsync(CopyTable table, List<object?[]> chunk, CancellationToken cancellationToken)
    {
        try
        {
            if (table.Name == StoreCopyPlan.ReadingsTable)
            {
                await EnsurePartitionsAsync(table, chunk, cancellationToken).ConfigureAwait(false);
            }

            var types = table.Columns.Select(c => TypeOf(c.Type)).ToArray();
            await using var importer = await _connection.BeginBinaryImportAsync(
                $"COPY {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var row in chunk)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is { } value)
                    {
                        await importer.WriteAsync(value, types[i], cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            return (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            // The server names the row of the COPY it refused ("COPY tickets, line 3[, column x]"); the chunk holds it.
            var where = CopyLine().Match(ex.Where ?? string.Empty);
            var row = where.Success && int.TryParse(where.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line) && line >= 1 && line <= chunk.Count
                ? $"row {table.DescribeKey(chunk[line - 1])}"
                : $"a row of the {chunk.Count} sent in one COPY";
            var column = where.Groups["column"].Success ? $", column {where.Groups["column"].Value}" : string.Empty;
            throw StoreCopyException.Fail(_connections.Scrub(
                $"Table {table.Name}, {row}{column}: PostgreSQL refused it: {ex.SqlState} {ex.MessageText}"));
        }
        catch (NpgsqlException ex)
        {
            throw StoreCopyException.Fail(_connections.Scrub(
                $"Table {table.Name}: the connection to PostgreSQL failed while copying ({_connections.Target}): {ex.Message}"));
        }
    }

    /// <summary>
    /// Makes, in the copy's transaction, the day partition of every reading of the chunk that has none yet (the hub's
    /// names and bounds, RawPartitions), so that a rollback removes them with the rows.
    /// </summary>
    private async Task EnsurePartitionsAsync(CopyTable table, List<object?[]> chunk, CancellationToken cancellationToken)
    {
        var ts = table.Columns.Select(c => c.Name).ToList().IndexOf("ts");
        foreach (var row in chunk)
        {
            var day = RawPartitions.DayOf((long)row[ts]!);
            if (_days.Contains(day))
            {
                continue;
            }

            string name;
            try
            {
                name = RawPartitions.NameOf(day);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw StoreCopyException.Fail($"Table {table.Name}, row {table.DescribeKey(row)}: ts is outside the calendar's dates, so no day partition can hold it.");
            }

            // Names and bounds are made from numbers, never from input text.
            await using var create = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE {name} PARTITION OF {PostgreSqlSchema.RawTable} FOR VALUES FROM ({day * RawPartitions.MicrosPerDay}) TO ({(day + 1) * RawPartitions.MicrosPerDay})"),
                _connection, _transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _days.Add(day);
        }
    }

    private static NpgsqlDbType TypeOf(CopyColumnType type) => type switch
    {
        CopyColumnType.Text => NpgsqlDbType.Text,
        CopyColumnType.BigInt => NpgsqlDbType.Bigint,
        CopyColumnType.Integer => NpgsqlDbType.Integer,
        CopyColumnType.DoublePrecision => NpgsqlDbType.Double,
        CopyColumnType.Bytes => NpgsqlDbType.Bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No PostgreSQL type for this column type."),
    };

    [GeneratedRegex(@"COPY [^,\n]+, line (?<line>\d+)(?:, column (?<column>[^:\n]+))?")]
    private static partial Regex CopyLine();
}
