using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// The 1-minute load average written before each run or round (issue 20 item 3): on this shared 2-core machine a run
/// taken above <see cref="NoisyAbove"/> is marked NOISY in the tables and is not quoted as a quiet figure.
/// </summary>
internal static class RunLoad
{
    /// <summary>The 1-minute load average above which a run is marked NOISY.</summary>
    public const double NoisyAbove = 1.5;

    /// <summary>The 1-minute load average from <c>/proc/loadavg</c>; NaN where there is none.</summary>
    public static double OneMinute()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// The longest wait for the load to settle before a run, from <c>HUB_BENCH_SETTLE_SECONDS</c> (default 75; 0 turns
    /// the wait off). The benchmark's own previous run keeps the 1-minute average above <see cref="NoisyAbove"/> for
    /// about 40 s after it ends (the average decays with a one-minute time constant), so without the wait every run
    /// after the first was marked NOISY on an otherwise idle machine.
    /// </summary>
    public static TimeSpan SettleLimit { get; } = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("HUB_BENCH_SETTLE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : 75);

    /// <summary>
    /// Waits until the 1-minute load average is at or below <see cref="NoisyAbove"/> or <see cref="SettleLimit"/> has
    /// passed, then returns it: the load written before a run. A load still above the mark after the wait is other
    /// work on the machine, and the run is marked NOISY.
    /// </summary>
    public static double AfterSettling()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var load = OneMinute();
        while (load > NoisyAbove && System.Diagnostics.Stopwatch.GetElapsedTime(started) < SettleLimit)
        {
            Thread.Sleep(TimeSpan.FromSeconds(2));
            load = OneMinute();
        }

        var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (waited > TimeSpan.FromSeconds(1))
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[load] waited {waited.TotalSeconds:0} s for the load to settle: {Mark(load)}"));
        }

        return load;
    }

    /// <summary>"0.42" or "2.31 NOISY": the load as a table cell.</summary>
    public static string Mark(double load) => double.IsNaN(load)
        ? "?"
        : load.ToString("0.00", CultureInfo.InvariantCulture) + (load > NoisyAbove ? " NOISY" : "");

    /// <summary>The load back from a <see cref="Mark"/> cell; NaN for "?".</summary>
    public static double FromMark(string mark) =>
        double.TryParse(mark.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;

    /// <summary>A sentence for under a table: how many of the runs were NOISY.</summary>
    public static string Summary(IEnumerable<double> loads)
    {
        var all = loads.Where(l => !double.IsNaN(l)).ToList();
        var noisy = all.Count(l => l > NoisyAbove);
        return noisy == 0
            ? string.Create(CultureInfo.InvariantCulture, $"Every run started with a 1-minute load average at or below {NoisyAbove}.")
            : string.Create(CultureInfo.InvariantCulture,
                $"**{noisy} of {all.Count} runs started with a 1-minute load average above {NoisyAbove} (NOISY): other work shared the two cores, so their figures are not quiet ones; rerun on a quiet machine before quoting them.**");
    }
}
