using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>Reads the output of the POSIX shell's <c>times</c>: a line for the shell, then one for its children.</summary>
internal static class ShellTimes
{
    /// <summary>Returns the children's user + system seconds, from a line like <c>0m1.108000s 0m1.896000s</c>.</summary>
    public static double ChildrenCpuSeconds(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            throw new FormatException($"Expected two lines from the shell's `times`, found: '{output.Trim()}'.");
        }

        return lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(Seconds);
    }

    private static double Seconds(string minutesAndSeconds)
    {
        var m = minutesAndSeconds.IndexOf('m', StringComparison.Ordinal);
        if (m < 0 || !minutesAndSeconds.EndsWith('s'))
        {
            throw new FormatException($"Expected a time like 0m1.108000s from the shell's `times`, found '{minutesAndSeconds}'.");
        }

        return (int.Parse(minutesAndSeconds.AsSpan(0, m), CultureInfo.InvariantCulture) * 60)
            + double.Parse(minutesAndSeconds.AsSpan(m + 1, minutesAndSeconds.Length - m - 2), CultureInfo.InvariantCulture);
    }
}
