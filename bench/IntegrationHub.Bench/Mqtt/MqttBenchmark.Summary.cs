using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>The mqtt benchmark's summary: every subscriber against the bare client, the cold-start headline, the hub variants.</summary>
internal static partial class MqttBenchmark
{
    private const double AdapterAim = 0.6;

    private static List<string> Summary(IReadOnlyList<SubscriberRun> runs, IReadOnlyList<HubVariant> variants)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            "Summary: medians over rounds; every ratio is the median of the per-round ratios (one round: that round's).",
            "",
            "| QoS | mode | subscriber | messages/s | CPU s per 100,000 | bare client / this, messages/s | this / bare client, CPU per message | runs NOISY |",
            "|---|---|---|---:|---:|---:|---:|---:|",
        ];
        var groups = runs.GroupBy(r => (r.QoS, r.Mode, r.Subscriber)).ToList();
        foreach (var group in groups)
        {
            var bare = runs.Where(r => r.Subscriber == "bare hub client" && r.QoS == group.Key.QoS && r.Mode == group.Key.Mode).ToList();
            var isBare = group.Key.Subscriber == "bare hub client";
            var rate = RoundRatio.Of(bare, group, r => r.Round, r => r.PerSecond);
            var cpu = RoundRatio.Of(group, bare, r => r.Round, r => r.CpuPer100k);
            lines.Add(string.Create(i,
                $"| {group.Key.QoS} | {group.Key.Mode} | {group.Key.Subscriber} | {Stats.Median(group.Select(r => r.PerSecond)):N0} | {Stats.Median(group.Select(r => r.CpuPer100k)):0.00} | {(isBare ? "" : rate.Describe())} | {(isBare ? "" : cpu.Describe())} | {group.Count(r => r.Load > RunLoad.NoisyAbove)} of {group.Count()} |"));
        }

        lines.Add("");
        var queuedBare = runs.Where(r => r.Mode == "queued" && r.Subscriber == "bare hub client").ToList();
        foreach (var reference in runs.Where(r => r.Mode == "queued" && r.Variant is null && r.Subscriber != "bare hub client").Select(r => r.Subscriber).Distinct())
        {
            var theirs = runs.Where(r => r.Mode == "queued" && r.Subscriber == reference).ToList();
            var ratio = RoundRatio.Of(queuedBare, theirs, r => r.Round, r => r.PerSecond);
            var cpu = RoundRatio.Of(queuedBare, theirs, r => r.Round, r => r.CpuPer100k);
            lines.Add(string.Create(i,
                $"- Queued drain, bare client / {reference}: **{ratio.Describe()}** of the rate (ahead: {(ratio.Median > 1 ? "yes" : "NO")}), with {cpu.Describe()} of its CPU per message."));
        }

        // The headline (issue 20 item 3): the adapter of a freshly started hub draining the queued session, against the
        // bare client draining the same queue in the same round.
        var cold = runs.Where(r => r.Mode == "queued" && r.Variant == "default").ToList();
        if (cold.Count > 0)
        {
            var headline = RoundRatio.Of(cold, queuedBare, r => r.Round, r => r.PerSecond);
            var noisy = cold.Concat(queuedBare).Any(r => r.Load > RunLoad.NoisyAbove);
            var first = cold.MinBy(r => r.Round)!;
            var verdict = headline.Median >= AdapterAim
                ? "met"
                : string.Create(i, $"MISSED by {(1 - (headline.Median / AdapterAim)) * 100:0} %");
            lines.Add(string.Create(i,
                $"- **Headline: the telemetry adapter from a cold start, draining the queued session / the bare client draining it: {headline.Describe()}** (aim >= {AdapterAim}: {verdict}){(noisy ? "; NOISY: some of these runs started above load " + RunLoad.NoisyAbove.ToString(i) : "")}. Round 1 alone: {first.PerSecond:N0} readings/s stored, hub CPU {first.CpuPer100k:0.00} s per 100,000."));
        }

        foreach (var variant in variants.Where(v => !v.IsDefault))
        {
            var theirs = runs.Where(r => r.Mode == "queued" && r.Variant == variant.Name).ToList();
            var rate = RoundRatio.Of(theirs, cold, r => r.Round, r => r.PerSecond);
            var cpu = RoundRatio.Of(theirs, cold, r => r.Round, r => r.CpuPer100k);
            var fromStart = RoundRatio.Of(cold, theirs, r => r.Round, r => r.SecondsFromProcessStart);
            lines.Add(string.Create(i,
                $"- Hub variant {variant.Name} ({variant.Description}) / default, cold drain: rate {rate.Describe()}, CPU per reading {cpu.Describe()}, default / {variant.Name} time from process start to the last reading stored {fromStart.Describe()}."));
        }

        var live = runs.Where(r => r.Mode == "live" && r.Subscriber.StartsWith("full", StringComparison.Ordinal)).GroupBy(r => (r.QoS, r.Subscriber));
        foreach (var group in live)
        {
            var bare = runs.Where(r => r.Mode == "live" && r.QoS == group.Key.QoS && r.Subscriber == "bare hub client").ToList();
            lines.Add(string.Create(i, $"- Live QoS {group.Key.QoS}, {group.Key.Subscriber} / bare client: {RoundRatio.Of(group, bare, r => r.Round, r => r.PerSecond).Describe()} (both bounded by the publisher's rate where it is close to theirs)."));
        }

        return lines;
    }
}
