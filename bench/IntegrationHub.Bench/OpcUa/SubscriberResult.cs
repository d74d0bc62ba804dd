using System.Text.Json;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.OpcUa;

/// <summary>
/// What one OPC UA client reports about its measured window, as one line on stdout (the node-opcua script prints the
/// same shape): notifications delivered to the application, their wall-clock seconds, the client process's CPU seconds
/// in that window and its peak resident memory.
/// </summary>
internal sealed record SubscriberResult(
    string Task,
    long Notifications,
    double Seconds,
    double CpuSeconds,
    double PeakMiB,
    int Items,
    long LostMessages = 0)
{
    public const string Prefix = "OPCUA-RESULT ";

    public double PerSecond => Notifications / Seconds;

    /// <summary>CPU microseconds spent per notification delivered.</summary>
    public double CpuMicrosecondsPerNotification => CpuSeconds * 1e6 / Notifications;

    public string ToLine() => Prefix + JsonSerializer.Serialize(this, BenchJsonContext.Default.SubscriberResult);

    public static SubscriberResult? TryParse(string line) => line.StartsWith(Prefix, StringComparison.Ordinal)
        ? JsonSerializer.Deserialize(line.AsSpan(Prefix.Length), BenchJsonContext.Default.SubscriberResult)
        : null;
}
