using System.Globalization;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// Issue 20's "where the cold drain's time goes": from the drain's polls of /health (every 50 ms), how long the first
/// tenth of the readings took to be stored against the last tenth. A cold start (JIT, empty caches) shows as a slow
/// first tenth; a rate that is flat from the first tenth on says the steady cost per reading is what bounds the drain.
/// </summary>
internal static class DrainProfile
{
    private const double PollSeconds = 0.05;

    public static string Describe(IReadOnlyList<(double Seconds, long Stored)> progress, long count)
    {
        var tenth = count / 10;
        if (tenth == 0 || progress.Count == 0 || progress[^1].Stored < count)
        {
            return "no drain profile (the drain did not finish)";
        }

        // The first poll at or past a count (a poll interval late at most, the same lateness at both ends).
        double When(long stored) => progress.First(p => p.Stored >= stored).Seconds;
        // At least one poll interval apart, so that two counts read by the same poll do not divide by zero.
        static double Span(double from, double to) => Math.Max(PollSeconds, to - from);
        var firstRate = tenth / Span(0, When(tenth));
        var lastRate = tenth / Span(When(count - tenth), When(count));
        var middleRate = (count - (2 * tenth)) / Span(When(tenth), When(count - tenth));
        return string.Create(CultureInfo.InvariantCulture,
            $"readings/s stored, first tenth {firstRate:N0}, middle {middleRate:N0}, last tenth {lastRate:N0} (first / last {firstRate / lastRate:0.00})");
    }
}
