using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Hub.Host.Store.Copy;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Bench.Copy;

/// <summary>
/// The copy's reference: every table of <c>hub store copy</c> read, row by row and every column, through the copy's
/// own SQLite reader, and nothing written. What the copy takes beyond this is sending rows to PostgreSQL and its
/// checks. Prints one report line per table: name, rows, wall seconds, and this process's CPU seconds for it.
/// </summary>
internal static class SqliteTableRead
{
    public static async Task<IReadOnlyList<string>> RunAsync(string databasePath, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await using var source = await SqliteCopySource.OpenAsync(databasePath, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        foreach (var table in StoreCopyPlan.Tables)
        {
            var cpu = ProcessCpu.SecondsOf(Environment.ProcessId);
            var started = Stopwatch.GetTimestamp();
            long rows = 0;
            long values = 0;
            await foreach (var row in source.ReadAsync(table, cancellationToken).ConfigureAwait(false))
            {
                rows++;
                values += row.Length;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{table.Name} {rows} {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000} {ProcessCpu.SecondsOf(Environment.ProcessId) - cpu:0.00} {values}"));
        }

        return lines;
    }
}
