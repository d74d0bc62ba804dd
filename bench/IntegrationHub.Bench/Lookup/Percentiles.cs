namespace IntegrationHub.Bench.Lookup;

/// <summary>Latency percentiles in milliseconds (nearest rank) of one target at one rate, with the sample count.</summary>
internal sealed record Percentiles(int Count, double P50, double P90, double P99, double P999, double Max)
{
    public static Percentiles Of(ReadOnlySpan<double> milliseconds)
    {
        var sorted = milliseconds.ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new Percentiles(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.99), Rank(0.999), sorted[^1]);

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
