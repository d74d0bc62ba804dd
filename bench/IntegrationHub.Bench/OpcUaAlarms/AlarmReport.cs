using System.Globalization;

namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>The Markdown of the alarm-conditions benchmark: one row per pattern for the hub and for the reference.</summary>
internal static class AlarmReport
{
    /// <summary>The aim of issue 22: p99 from the server's event time to the ticket row.</summary>
    private const double AimMs = 500;

    /// <summary>The brief's mark: a run that starts with a 1-minute load above this is NOISY.</summary>
    private const double NoisyAbove = 2;

    public static List<string> Lines(int machines, TimeSpan publishingInterval, IReadOnlyList<AlarmRunResult> runs)
    {
        var i = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(i, $"### OPC UA alarm conditions to tickets: {machines:N0} conditions raised and cleared on the MES simulator (issue 22)"),
            "",
            string.Create(i, $"deploy/simulator/mes-opcua with `--alarms {machines}`; each pattern into a fresh `hub run` (SQLite) with Hub:Mes:Alarms on, publishing every {publishingInterval.TotalMilliseconds:0} ms, every machine mapped."),
            "Raise all, wait for every ticket row, clear all, wait until every ticket's history has `alarm-cleared`. Latency: the condition event's Time (the server's clock) to the ticket row's",
            "created_at (the hub's clock; same machine). Reference, same run: the hub's bare OPC UA client with the adapter's EventFilter on the Server object, no tracker, no store:",
            "event Time to the moment it read the event. Hub − reference is what the ticket path adds (tracker, batch, ticket workflow, SQLite commit).",
            "",
            "| pattern | path | tickets / cleared | events read (raise / clear) | p50 ms | p95 ms | p99 ms | max ms | load before → after raises | aim p99 < 500 ms |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
        };
        foreach (var r in runs)
        {
            var loads = string.Create(i, $"{r.LoadBefore:0.00} → {r.LoadAfterRaise:0.00}{(r.LoadBefore > NoisyAbove || r.LoadAfterRaise > NoisyAbove ? " NOISY" : "")}");
            var met = r.Tickets == machines && r.Cleared == machines && r.TicketMs.Count == machines && Percentile(r.TicketMs, 0.99) < AimMs;
            lines.Add(string.Create(i,
                $"| {r.Pattern} | hub: event → ticket row | {r.Tickets:N0} / {r.Cleared:N0} | {r.HubEvents:N0} (adapter, raise + clear) | {Row(r.TicketMs)} | {loads} | {(met ? "met" : Missed(r.TicketMs))} |"));
            lines.Add(string.Create(i,
                $"| {r.Pattern} | reference: event → read | - | {r.ReferenceRaises:N0} / {r.ReferenceClears:N0} | {Row(r.ReferenceMs)} | | |"));
        }

        lines.Add("");
        foreach (var r in runs)
        {
            var ratio = r.ReferenceMs.Count == 0 || r.TicketMs.Count == 0 ? double.NaN : Percentile(r.TicketMs, 0.99) / Percentile(r.ReferenceMs, 0.99);
            lines.Add(string.Create(i,
                $"{r.Pattern}: hub p99 / reference p99 = {ratio:0.00}; hub − reference at p50 {Percentile(r.TicketMs, 0.5) - Percentile(r.ReferenceMs, 0.5):0} ms; hub CPU {r.HubCpuSeconds:0.0} s over the raises and clears; the longest raising Write (the server raising one batch, its events' Times spread over it) took {r.LongestRaiseWriteMs:0} ms."));
        }

        lines.Add(string.Create(i, $"A load average above {NoisyAbove} (2 cores) marks the run NOISY: other work shared the cores; compare hub and reference, not the figures."));
        return lines;
    }

    private static string Row(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? "- | - | - | -"
        : string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 0.5):0} | {Percentile(sorted, 0.95):0} | {Percentile(sorted, 0.99):0} | {sorted[^1]:0}");

    private static string Missed(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? "MISSED (none)"
        : string.Create(CultureInfo.InvariantCulture, $"MISSED by {Percentile(sorted, 0.99) - AimMs:0} ms");

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];
}
