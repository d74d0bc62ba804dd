using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// Issue 20's question of the live comparison: was a side's rate bound by its own CPU, by the publisher or by the
/// machine's two cores? Answered from each run's figures (medians over the rounds): the side's CPU as a share of one
/// core, the machine's busy share of its cores, and the publisher's rate against the side's.
/// </summary>
internal static class NodeRedBound
{
    // A share this close to full counts as full: /proc's ticks are 10 ms, the windows a few seconds.
    private const double Full = 90;

    public static List<string> Lines(IReadOnlyList<NodeRedRun> runs)
    {
        var lines = new List<string>();
        foreach (var group in runs.Where(r => !double.IsNaN(r.MachineBusySeconds)).GroupBy(r => (r.Mode, r.Side)))
        {
            var core = Stats.Median(group.Select(r => r.CorePercent));
            var machine = Stats.Median(group.Select(r => r.MachinePercent));
            var rate = Stats.Median(group.Select(r => r.PerSecond));
            var publisher = Stats.Median(group.Select(r => r.Readings / r.PublisherSeconds));
            var bound = machine >= Full
                ? "the machine's cores were full (side, publisher and broker together), so the rate is what its CPU per reading allows of the cores left to it"
                : core >= Full
                    ? "its own process was near one full core while the machine had room: bound by its own serial path"
                    : group.Key.Mode == "live" && publisher < rate * 1.1
                        ? "the publisher sent barely faster than the side took: bound by the publisher"
                        : "neither its core nor the machine was full: it waited (the broker, acknowledgements, I/O)";
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"- bound, {group.Key.Mode} {group.Key.Side}: side CPU {core:0} % of a core, machine {machine:0} % busy, {rate:N0} readings/s against the publisher's {publisher:N0}/s (medians): {bound}."));
        }

        return lines;
    }
}
