using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// What one measured task reports to its parent: one JSON line on stdout, prefixed so logs can interleave.
/// <see cref="CpuSeconds"/> is the whole process's user + system time, where the task measures it.
/// </summary>
internal sealed record TaskMeasurement(string Task, long Rows, double Seconds, double PeakMiB, string? Note = null, double? CpuSeconds = null)
{
    public const string Prefix = "BENCH-RESULT ";

    public double RowsPerSecond => Rows / Seconds;

    public string ToLine() => Prefix + JsonSerializer.Serialize(this, BenchJsonContext.Default.TaskMeasurement);

    public static TaskMeasurement? TryParse(string line) => line.StartsWith(Prefix, StringComparison.Ordinal)
        ? JsonSerializer.Deserialize(line.AsSpan(Prefix.Length), BenchJsonContext.Default.TaskMeasurement)
        : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Task}: {Rows:N0} rows in {Seconds:0.000} s = {RowsPerSecond:N0} rows/s, peak {PeakMiB:0.0} MiB{(Note is null ? "" : "; " + Note)}");
}
