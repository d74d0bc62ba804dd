using System.Text.Json;

namespace IntegrationHub.Bench.Lookup;

/// <summary>What wrk measured, as the <c>done</c> hook of the benchmark's Lua script prints it (times in microseconds).</summary>
internal sealed record WrkResult(
    string Target, long Requests, long DurationUs, double MeanUs, double P50Us, double P90Us, double P99Us, double MaxUs,
    long NonSuccess, long SocketErrors, long Timeouts)
{
    public const string Prefix = "BENCH-WRK ";

    public double RequestsPerSecond => Requests / (DurationUs / 1e6);

    public static WrkResult? TryParse(string line) => line.StartsWith(Prefix, StringComparison.Ordinal)
        ? JsonSerializer.Deserialize(line.AsSpan(Prefix.Length), Running.BenchJsonContext.Default.WrkResult)
        : null;
}
