using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.OpcUa;

/// <summary>
/// What one OPC UA client reports about its measured window, as one line on stdout (the node-opcua script prints the
/// same shape): notifications delivered to the application, their wall-clock seconds, the client process's CPU seconds
/// in that window and its peak resident memory; then, after the items were frozen and nothing was left in flight, every
/// notification it delivered since it subscribed, and the subscription's id (to find the server's own count).
/// </summary>
internal sealed record SubscriberResult(
    string Task,
    long Notifications,
    double Seconds,
    double CpuSeconds,
    double PeakMiB,
    int Items,
    long LostMessages = 0,
    long Total = 0,
    uint SubscriptionId = 0)
{
    public const string Prefix = "OPCUA-RESULT ";

    [JsonIgnore]
    public double PerSecond => Notifications / Seconds;

    /// <summary>CPU microseconds spent per notification delivered.</summary>
    [JsonIgnore]
    public double CpuMicrosecondsPerNotification => CpuSeconds * 1e6 / Notifications;

    public string ToLine() => Prefix + JsonSerializer.Serialize(this, BenchJsonContext.Default.SubscriberResult);

    public static SubscriberResult? TryParse(string line) => line.StartsWith(Prefix, StringComparison.Ordinal)
        ? JsonSerializer.Deserialize(line.AsSpan(Prefix.Length), BenchJsonContext.Default.SubscriberResult)
        : null;
}
