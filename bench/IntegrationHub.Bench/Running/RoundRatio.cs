using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// The one ratio method of every benchmark (issue 20 item 3): a ratio is taken within each round, between two runs
/// minutes apart under the same load, and the figure quoted is the median of those per-round ratios, not a ratio of
/// medians taken over rounds that saw different loads.
/// </summary>
internal sealed record RoundRatio(double Median, IReadOnlyList<double> PerRound)
{
    /// <summary>
    /// Pairs the numerator and the denominator of each round (by <paramref name="round"/>), divides, and takes the
    /// median over rounds; a round missing either side, or whose ratio is not finite, is left out.
    /// </summary>
    public static RoundRatio Of<T>(IEnumerable<T> numerators, IEnumerable<T> denominators, Func<T, int> round, Func<T, double> value)
    {
        var below = denominators.GroupBy(round).ToDictionary(g => g.Key, g => Stats.Median(g.Select(value)));
        var ratios = numerators.GroupBy(round).OrderBy(g => g.Key)
            .Where(g => below.ContainsKey(g.Key))
            .Select(g => Stats.Median(g.Select(value)) / below[g.Key])
            .Where(double.IsFinite)
            .ToList();
        return new RoundRatio(Stats.Median(ratios), ratios);
    }

    /// <summary>The median of ratios already taken within their rounds.</summary>
    public static RoundRatio Of(IEnumerable<double> perRound)
    {
        var ratios = perRound.Where(double.IsFinite).ToList();
        return new RoundRatio(Stats.Median(ratios), ratios);
    }

    /// <summary>"0.62 (median of 0.60, 0.62, 0.71)", or the single ratio when there was one round.</summary>
    public string Describe(string format = "0.00")
    {
        var i = CultureInfo.InvariantCulture;
        return PerRound.Count switch
        {
            0 => "n/a",
            1 => Median.ToString(format, i),
            _ => Median.ToString(format, i) + " (median of " + string.Join(", ", PerRound.Select(r => r.ToString(format, i))) + ")",
        };
    }
}
