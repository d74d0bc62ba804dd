using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>Peak resident memory (VmHWM) of a Linux process, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class PeakMemory
{
    /// <summary>This process's peak resident set, in MiB.</summary>
    public static double OfThisProcessMiB() => OfProcessMiB("self");

    /// <summary>
    /// The peak resident set of process <paramref name="pid"/> (or another field of its status in kB, such as
    /// <c>VmRSS:</c>), in MiB; NaN when it cannot be read.
    /// </summary>
    public static double OfProcessMiB(string pid, string field = "VmHWM:")
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        foreach (var line in File.ReadLines(path))
        {
            // "VmHWM:    123456 kB"
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kib = long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        return double.NaN;
    }
}
