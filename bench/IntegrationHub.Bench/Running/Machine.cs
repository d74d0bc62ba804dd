using System.Globalization;
using System.Runtime.InteropServices;

namespace IntegrationHub.Bench.Running;

/// <summary>The heading of a results file: when, where and on what the figures were taken.</summary>
internal static class Machine
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(CancellationToken cancellationToken)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? (await File.ReadAllLinesAsync("/proc/cpuinfo", cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? (await File.ReadAllLinesAsync("/proc/meminfo", cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"## IntegrationHub benchmarks, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC"),
            "",
            string.Create(i, $"Machine: {Environment.ProcessorCount} logical CPUs ({cpu ?? "unknown CPU"}), {memory ?? "unknown"} RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."),
            "The load generator, the hub and the database share these CPUs: compare ratios, not absolute figures, across machines.",
            "Load average at the start (1, 5, 15 min): " + LoadAverage() + ". Anything well above 0 means other work shared the CPUs.",
        ];
    }

    /// <summary>The 1-, 5- and 15-minute load averages, from <c>/proc/loadavg</c>.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";
}
