using System.Diagnostics;
using IntegrationHub.Bench.Running;
using Npgsql;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// The baseline: PostgreSQL's own bulk export of the same rows, in the same order, as the poller's query reads them
/// (<c>COPY (SELECT ... ORDER BY updated_at, order_no) TO STDOUT</c>), every line read by Npgsql and counted.
/// </summary>
internal static class BareCopy
{
    public static async Task<TaskMeasurement> RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        long rows = 0, characters = 0;
        using (var export = await connection.BeginTextExportAsync(
            $"COPY ({SqlBenchmark.Query.Replace("@watermark", "'-infinity'", StringComparison.Ordinal)}) TO STDOUT", cancellationToken).ConfigureAwait(false))
        {
            while (await export.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                rows++;
                characters += line.Length;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new TaskMeasurement("bare-copy", rows, seconds, PeakMemory.OfThisProcessMiB(), $"{characters / 1048576.0:0.0} M characters of text", cpuSeconds);
    }
}
