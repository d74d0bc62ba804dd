using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// The whole machine's busy CPU time so far (all CPUs, every process, this benchmark's and anyone else's), from the
/// first line of <c>/proc/stat</c>: beside the processes a benchmark measures, it shows how much of the cores the
/// rest of the machine took in the same window.
/// </summary>
internal static class MachineCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds spent not idle (user, nice, system, irq, softirq, steal) since boot; NaN without /proc.</summary>
    public static double BusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return double.NaN;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (proc(5)); guest time is inside user.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int index) => index < fields.Length ? long.Parse(fields[index], CultureInfo.InvariantCulture) : 0;
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
    }
}
