using System.Globalization;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// <c>hub store copy --to postgresql</c> (issue 17 item 5): moves a stopped hub's SQLite store into an empty PostgreSQL
/// database, every table in one transaction, and commits only when every table's count on the target equals the
/// source's. Any failure before the commit (a refused row, a lost connection, a count that differs, Ctrl+C) rolls the
/// whole copy back, and the target is checked to be empty again and said so.
/// </summary>
internal sealed class StoreCopier(StoreCopyOptions options, TimeProvider time, ILoggerFactory loggers, TextWriter progress)
{
    /// <summary>How long the copy waits for the SQLite store's exclusive lock before it says the hub runs.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggers.CreateLogger<StoreCopier>();

    /// <summary>Copies the SQLite store at <paramref name="sqlitePath"/> into the database of <paramref name="connectionString"/>.</summary>
    /// <exception cref="HubConfigurationException">The target cannot be reached or used; names the setting, never the password.</exception>
    public async Task<StoreCopyResult> CopyAsync(string sqlitePath, string? connectionString, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var counts = new List<TableCount>();
        await using var connections = Connect(connectionString);
        SqliteCopySource? source = null;
        PostgreSqlCopyTarget? target = null;
        try
        {
            source = await SqliteCopySource.OpenAsync(sqlitePath, LockWait, cancellationToken).ConfigureAwait(false);
            var expected = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in StoreCopyPlan.Tables)
            {
                expected[table.Name] = await source.CountAsync(table, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                target = await PostgreSqlCopyTarget.OpenAsync(connections, time, loggers.CreateLogger<PostgreSqlCopyTarget>(), cancellationToken).ConfigureAwait(false);
            }
            catch (HubConfigurationException ex)
            {
                throw new HubConfigurationException("hub store copy cannot use the target database", ex.Errors);
            }

            StoreCopyLog.Started(_logger, source.Describe(), target.Describe());
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Copying {source.Describe()} (schema {StoreCopyPlan.SqliteVersion}, {expected.Values.Sum():N0} rows) to {target.Describe()} (schema {StoreCopyPlan.PostgreSqlVersion}) in one transaction.")).ConfigureAwait(false);

            foreach (var table in StoreCopyPlan.Tables)
            {
                var tableStarted = time.GetTimestamp();
                var written = await CopyTableAsync(source, target, table, expected[table.Name], cancellationToken).ConfigureAwait(false);
                var copied = await target.CountAsync(table, cancellationToken).ConfigureAwait(false);
                var tableElapsed = time.GetElapsedTime(tableStarted);
                counts.Add(new TableCount(table.Name, expected[table.Name], copied, tableElapsed));
                StoreCopyLog.TableCopied(_logger, table.Name, copied, tableElapsed);
                if (copied != expected[table.Name] || written != expected[table.Name])
                {
                    throw StoreCopyException.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"Table {table.Name}: the source holds {expected[table.Name]:N0} rows, {written:N0} were sent and the target holds {copied:N0} after the copy. A trigger, rule or policy on the target may have changed them; the copy is not committed."));
                }
            }

            await target.CommitAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            StoreCopyLog.Committed(_logger, counts.Count, counts.Sum(c => c.TargetRows ?? 0), elapsed);
            return new StoreCopyResult(StoreCopyOutcome.Copied, counts, null, elapsed);
        }
        catch (StoreCopyException ex) when (ex.Refused)
        {
            StoreCopyLog.Refused(_logger, ex.Message);
            return new StoreCopyResult(StoreCopyOutcome.Refused, counts, ex.Message + " Nothing was written to the target.", time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is StoreCopyException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var reason = ex is StoreCopyException ? ex.Message : "The copy was cancelled (Ctrl+C).";
            if (target is not null)
            {
                await target.DisposeAsync().ConfigureAwait(false);
                target = null;
            }

            reason += " " + await AfterRollbackAsync(connections).ConfigureAwait(false);
            StoreCopyLog.Failed(_logger, reason);
            return new StoreCopyResult(StoreCopyOutcome.Failed, counts, reason, time.GetElapsedTime(started));
        }
        finally
        {
            if (target is not null)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }

            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<long> CopyTableAsync(SqliteCopySource source, PostgreSqlCopyTarget target, CopyTable table, long expected, CancellationToken cancellationToken)
    {
        var lastRows = 0L;
        var lastAt = time.GetTimestamp();
        return await target.WriteAsync(table, source.ReadAsync(table, cancellationToken), options.ChunkRows, async written =>
        {
            // Progress on long tables only, to standard error: every ProgressRows rows or every ProgressInterval.
            if (written < expected && (written - lastRows >= options.ProgressRows || time.GetElapsedTime(lastAt) >= options.ProgressInterval))
            {
                lastRows = written;
                lastAt = time.GetTimestamp();
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {table.Name}: {written:N0} of {expected:N0} rows")).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static PostgreSqlConnections Connect(string? connectionString)
    {
        try
        {
            return new PostgreSqlConnections(connectionString ?? string.Empty);
        }
        catch (HubConfigurationException ex)
        {
            throw new HubConfigurationException("hub store copy cannot use the target database", ex.Errors);
        }
    }

    /// <summary>After a rollback, looks again, on a connection of its own, and says whether the target is empty.</summary>
    private static async Task<string> AfterRollbackAsync(PostgreSqlConnections connections)
    {
        try
        {
            // Not the command's token: after Ctrl+C the check still runs, bounded on its own.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var left = await PostgreSqlCopyTarget.TablesWithRowsAsync(connections, timeout.Token).ConfigureAwait(false);
            return left.Count == 0
                ? "The copy's transaction was rolled back: the target holds none of the copied rows (only the hub's empty schema), so the copy can run again."
                : $"The target is NOT empty after the rollback: {string.Join(", ", left)} hold rows. Drop and re-create the target database before copying again.";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return connections.Scrub($"The copy's transaction was not committed; whether the target is empty could not be checked ({ex.Message}).");
        }
    }
}
