using System.Globalization;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// The hub's second-by-second figures of a rules run (<see cref="HubTimeline"/>) beside the alarms sent in each second,
/// and a comparison of the seconds with a slow ticket against the others.
/// </summary>
internal static class HubTimelineReport
{
    public static List<string> Lines(
        List<AlarmOrderReport.Alarm> alarms, IReadOnlyList<HubTimelinePoint> timeline, DateTimeOffset backgroundStart, double backgroundRate, long storedAtStart, double ticketAimMs)
    {
        if (timeline.Count < 2)
        {
            return ["", "(No timeline of the hub: fewer than two samples.)"];
        }

        var first = alarms[0].At;
        var last = alarms[^1].At;
        var lines = new List<string>
        {
            "",
            "#### The hub second by second while the alarms went out (its /health, /proc and /metrics, sampled every second)",
            "",
            "Backlog: readings the background had published by the end of the second (paced, so rate x time) less the readings the hub had stored: what an alarm sent then queues behind. " +
            "CPU: the hub's process, in % of one core. GC pause and JIT: the runtime's own counters (System.Runtime). Commits: the store's batches; over 100 ms from its commit histogram.",
            "",
            "| s after first alarm | alarms sent | worst ticket ms | worst mail ms | stored/s | backlog | hub CPU % | GC pause ms | gen2 GCs | JIT ms | methods jitted | commits | over 100 ms | lock contentions |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        var slow = new List<Second>();
        var calm = new List<Second>();
        for (var n = 1; n < timeline.Count; n++)
        {
            var (from, to) = (timeline[n - 1], timeline[n]);
            if (to.At < first.AddSeconds(-2) || from.At > last.AddSeconds(3))
            {
                continue;
            }

            var seconds = (to.At - from.At).TotalSeconds;
            var inside = alarms.Where(a => a.At >= from.At && a.At < to.At).ToList();
            var worstTicket = inside.Select(a => a.TicketMs ?? double.PositiveInfinity).DefaultIfEmpty(double.NaN).Max();
            var worstMail = inside.Select(a => a.MailMs ?? double.PositiveInfinity).DefaultIfEmpty(double.NaN).Max();
            var backlog = Math.Max(0, (backgroundRate * Math.Max(0, (to.At - backgroundStart).TotalSeconds)) - (to.Stored - storedAtStart));
            var second = new Second(
                backlog, (to.GcPauseSeconds - from.GcPauseSeconds) * 1000 / seconds, (to.JitSeconds - from.JitSeconds) * 1000 / seconds,
                to.CommitsOver100Ms - from.CommitsOver100Ms, (to.CpuSeconds - from.CpuSeconds) * 100 / seconds);
            if (inside.Count > 0)
            {
                (worstTicket > ticketAimMs ? slow : calm).Add(second);
            }

            var commits = to.Commits - from.Commits;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {(to.At - first).TotalSeconds:0.0} | {inside.Count} | {Ms(worstTicket)} | {Ms(worstMail)} | {(to.Stored - from.Stored) / seconds:N0} | {backlog:N0} | {second.CpuPercent:0} | {second.GcPauseMs:0} | {to.Gen2Collections - from.Gen2Collections:0} | {second.JitMs:0} | {to.JitMethods - from.JitMethods:0} | {commits:0} | {second.SlowCommits:0} | {to.LockContentions - from.LockContentions:0} |"));
        }

        lines.Add("");
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"Seconds with a ticket over {ticketAimMs:0} ms: {slow.Count}, against {calm.Count} without. Their means, slow / other: backlog {Mean(slow, s => s.Backlog):N0} / {Mean(calm, s => s.Backlog):N0} readings; GC pause {Mean(slow, s => s.GcPauseMs):0.0} / {Mean(calm, s => s.GcPauseMs):0.0} ms a second; JIT {Mean(slow, s => s.JitMs):0.0} / {Mean(calm, s => s.JitMs):0.0} ms a second; commits over 100 ms {Mean(slow, s => s.SlowCommits):0.00} / {Mean(calm, s => s.SlowCommits):0.00}; hub CPU {Mean(slow, s => s.CpuPercent):0} / {Mean(calm, s => s.CpuPercent):0} % of a core."));
        return lines;
    }

    private static string Ms(double value) => double.IsNaN(value) ? "" : double.IsPositiveInfinity(value) ? "never" : value.ToString("0", CultureInfo.InvariantCulture);

    private static double Mean(List<Second> seconds, Func<Second, double> figure) => seconds.Count == 0 ? double.NaN : seconds.Average(figure);

    private sealed record Second(double Backlog, double GcPauseMs, double JitMs, double SlowCommits, double CpuPercent);
}
