using System.Globalization;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// Issue 20's "say by how much and why": the alarms' latencies by the order they were sent (per tenth of the run), the
/// slow ones as runs of consecutive alarms, and the hub's own figures second by second beside them, so that a reader
/// sees whether the tail is the first alarms (a cold start), a few instants (something periodic) or everywhere.
/// </summary>
internal static class AlarmOrderReport
{
    private const double TicketAimMs = 250;
    private const double MailAimMs = 1000;

    /// <param name="sent">Each alarm's machine and publish time, in the order sent.</param>
    /// <param name="backgroundStart">When the background publisher started (its readings are paced from then at <paramref name="backgroundRate"/>).</param>
    /// <param name="storedAtStart">The hub's readings stored when the background started.</param>
    public static List<string> Lines(
        IReadOnlyList<(string Asset, DateTimeOffset At)> sent, IReadOnlyDictionary<string, DateTimeOffset> tickets, IReadOnlyDictionary<string, DateTimeOffset> mails,
        IReadOnlyList<HubTimelinePoint> timeline, DateTimeOffset backgroundStart, double backgroundRate, long storedAtStart)
    {
        var alarms = sent.Select((s, n) => new Alarm(n + 1, s.At,
            tickets.TryGetValue(s.Asset, out var t) ? (t - s.At).TotalMilliseconds : null,
            mails.TryGetValue(s.Asset, out var m) ? (m - s.At).TotalMilliseconds : null)).ToList();
        if (alarms.Count == 0)
        {
            return [];
        }

        var lines = new List<string>
        {
            "#### By the order the alarms were sent",
            "",
            "Each tenth of the alarms in the order sent; ticket -> mail is the same alarm's mail minus its ticket (commit, the outbox's wake-up and claim, the SMTP exchange, the record).",
            "",
            "| alarms | ticket p50 ms | ticket p99 ms | ticket max ms | mail p50 ms | mail p99 ms | mail max ms | ticket -> mail p50 ms | ticket -> mail max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        var tenth = Math.Max(1, (int)Math.Ceiling(alarms.Count / 10.0));
        foreach (var part in alarms.Chunk(tenth))
        {
            var ticket = Sorted(part.Select(a => a.TicketMs));
            var mail = Sorted(part.Select(a => a.MailMs));
            var between = Sorted(part.Select(a => a.MailMs - a.TicketMs));
            lines.Add(Invariant($"| #{part[0].Number}-#{part[^1].Number} | {P(ticket, 0.5)} | {P(ticket, 0.99)} | {P(ticket, 1)} | {P(mail, 0.5)} | {P(mail, 0.99)} | {P(mail, 1)} | {P(between, 0.5)} | {P(between, 1)} |"));
        }

        var first = alarms[0].At;
        lines.Add("");
        lines.Add("Tickets over " + Invariant($"{TicketAimMs:0}") + " ms, as runs of consecutive alarms (seconds after the first alarm was sent): " + Runs(alarms, a => a.TicketMs > TicketAimMs, first) + ".");
        lines.Add("Mails over " + Invariant($"{MailAimMs:0}") + " ms: " + Runs(alarms, a => a.MailMs > MailAimMs, first) + ".");
        lines.Add(Where(alarms, tenth));
        lines.AddRange(HubTimelineReport.Lines(alarms, timeline, backgroundStart, backgroundRate, storedAtStart, TicketAimMs));
        return lines;
    }

    private static string Runs(List<Alarm> alarms, Func<Alarm, bool> slow, DateTimeOffset first)
    {
        var runs = new List<string>();
        var n = 0;
        while (n < alarms.Count)
        {
            if (!slow(alarms[n]))
            {
                n++;
                continue;
            }

            var start = n;
            while (n + 1 < alarms.Count && slow(alarms[n + 1]))
            {
                n++;
            }

            var worst = alarms.Skip(start).Take(n - start + 1).Max(a => Math.Max(a.TicketMs ?? 0, a.MailMs ?? 0));
            runs.Add(Invariant($"#{alarms[start].Number}-#{alarms[n].Number} ({(alarms[start].At - first).TotalSeconds:0.0}-{(alarms[n].At - first).TotalSeconds:0.0} s, worst {worst:0} ms)"));
            n++;
        }

        var missing = alarms.Count(a => a.TicketMs is null || a.MailMs is null);
        var text = runs.Count == 0 ? "none" : string.Join(", ", runs.Take(12)) + (runs.Count > 12 ? Invariant($" and {runs.Count - 12} more runs") : "");
        return missing > 0 ? text + Invariant($" ({missing} alarms without a ticket or mail)") : text;
    }

    /// <summary>Where the ticket tail is: in the first tenth (the cold start after the hub started) or later.</summary>
    private static string Where(List<Alarm> alarms, int tenth)
    {
        var slow = alarms.Where(a => a.TicketMs is null or > TicketAimMs).ToList();
        if (slow.Count == 0)
        {
            return Invariant($"Where the tail is: no ticket over {TicketAimMs:0} ms.");
        }

        var early = slow.Count(a => a.Number <= tenth);
        var firstP99 = Sorted(alarms.Take(tenth).Select(a => a.TicketMs));
        var restP99 = Sorted(alarms.Skip(tenth).Select(a => a.TicketMs));
        return Invariant($"Where the tail is: {early} of the {slow.Count} tickets over {TicketAimMs:0} ms (or missing) were in the first tenth of the alarms, the hub's first alarms since it started; ticket p99 of the first tenth {P(firstP99, 0.99)} ms, of the other nine tenths {P(restP99, 0.99)} ms.");
    }

    private static List<double> Sorted(IEnumerable<double?> values) => [.. values.OfType<double>().Order()];

    private static string P(List<double> sorted, double p) => sorted.Count == 0
        ? "-"
        : Invariant($"{sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)]:0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One alarm: its number in the order sent, when it was sent, and its latencies (null when it never arrived).</summary>
    internal sealed record Alarm(int Number, DateTimeOffset At, double? TicketMs, double? MailMs);
}
