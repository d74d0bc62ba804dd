using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The day partitions of the raw telemetry history (issue 17 item 6): one per UTC day, range on <c>ts</c> (Unix
/// microseconds) from the day's midnight, inclusive, to the next, exclusive, named <c>telemetry_readings_pYYYYMMDD</c>.
/// Today's and the next <see cref="DaysAhead"/> days' are made at start; the store makes the day of any reading that
/// falls outside them before it writes the batch, so no reading is ever refused for want of a partition. Retention
/// drops whole days (<see cref="DropOlderThanAsync"/>), which costs no vacuum and no ingest stall of row deletes.
/// </summary>
/// <remarks>
/// No DEFAULT partition: a row in it would stop that day's partition from ever being made (PostgreSQL refuses a new
/// partition whose range the default partition holds rows of), and days are made on demand anyway.
/// </remarks>
internal sealed class RawPartitions(PostgreSqlConnections connections, TimeProvider time, ILogger logger)
{
    /// <summary>The advisory lock key (transaction-scoped) that serialises making and dropping partitions between
    /// processes: the ASCII bytes of "HUBPARTS".</summary>
    public const long LockKey = 0x4855_4250_4152_5453;

    /// <summary>Days made ahead of today at start.</summary>
    public const int DaysAhead = 2;

    public const long MicrosPerDay = 86_400_000_000;
    private const string Prefix = PostgreSqlSchema.RawTable + "_p";
    private static readonly int EpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    private readonly ConcurrentDictionary<long, byte> _known = new();

    /// <summary>The UTC day (days since 1970-01-01) of a time in Unix microseconds.</summary>
    public static long DayOf(long micros) => (micros / MicrosPerDay) - (micros % MicrosPerDay < 0 ? 1 : 0);

    public static string NameOf(long day) =>
        Prefix + DateOnly.FromDayNumber((int)(day + EpochDayNumber)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Reads the partitions that exist, and makes today's and the next days'.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var today = DayOf(StoreTime.Micros(time.GetUtcNow()));
        await EnsureAsync(Enumerable.Range(0, DaysAhead + 1).Select(d => today + d), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets what this process knew and reads the partitions again (after another process dropped one).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var days = await ListAsync(connection, null, cancellationToken).ConfigureAwait(false);
        _known.Clear();
        foreach (var day in days)
        {
            _known[day] = 0;
        }
    }

    /// <summary>Makes the partitions of these days that this process does not know to exist, in a transaction of their own.</summary>
    public async Task EnsureAsync(IEnumerable<long> days, CancellationToken cancellationToken)
    {
        var missing = days.Where(d => !_known.ContainsKey(d)).Distinct().Order().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var existing = (await ListAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).ToHashSet();
        var created = new List<long>();
        foreach (var day in missing.Where(d => !existing.Contains(d)))
        {
            // Names and bounds are made here from numbers, never from input text.
            await using var create = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE {NameOf(day)} PARTITION OF {PostgreSqlSchema.RawTable} FOR VALUES FROM ({day * MicrosPerDay}) TO ({(day + 1) * MicrosPerDay})"),
                connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            created.Add(day);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var day in missing)
        {
            _known[day] = 0;
        }

        foreach (var day in created)
        {
            PostgreSqlLog.PartitionCreated(logger, NameOf(day), DateOnly.FromDayNumber((int)(day + EpochDayNumber)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Drops the partitions whose whole day lies before <paramref name="cutoff"/> (a day ending exactly at the cutoff
    /// goes; the day the cutoff falls in stays). Returns the names dropped.
    /// </summary>
    public async Task<IReadOnlyList<string>> DropOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var cutoffMicros = StoreTime.Micros(cutoff);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        // Dropping is retention's work, leased (issue 18 item 1): a node whose token is stale drops nothing.
        await PostgreSqlLeaseStore.CheckFenceAsync(connection, "retention's partition drop", cancellationToken).ConfigureAwait(false);
        var dropped = new List<long>();
        foreach (var day in (await ListAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).Where(d => (d + 1) * MicrosPerDay <= cutoffMicros))
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE {NameOf(day)}", connection, transaction);
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            dropped.Add(day);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var day in dropped)
        {
            _known.TryRemove(day, out _);
        }

        var names = dropped.Select(NameOf).ToList();
        if (names.Count > 0)
        {
            PostgreSqlLog.PartitionsDropped(logger, names.Count, cutoff, string.Join(", ", names));
        }

        return names;
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = LockKey });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The days of the partitions that exist; partitions not named by the hub (an operator's) are left alone.</summary>
    internal static async Task<List<long>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '{PostgreSqlSchema.RawTable}'::regclass
            """, connection, transaction);
        var days = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            if (name.StartsWith(Prefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(name[Prefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                days.Add(date.DayNumber - EpochDayNumber);
            }
        }

        return days;
    }
}
