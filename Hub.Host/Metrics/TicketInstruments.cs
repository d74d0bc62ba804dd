using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// Tickets (meter <c>IntegrationHub.Tickets</c>): opened, by priority, and escalated because their SLA target passed,
/// by level. Counted as the pass writes them: a pass refused at its commit (a node that lost its lease, issue 18) is
/// run again and counts again, which is rare and shows as one ticket too many in a rate, never as one missing.
/// </summary>
/// <remarks>
/// Observable counters over counts kept here rather than <see cref="Counter{T}"/>: the exporter forgets a series
/// that no measurement touched for a day (MetricsExporter), and a plant may open no ticket for days; read at every
/// scrape, the counts stay.
/// </remarks>
internal sealed class TicketInstruments
{
    private readonly ConcurrentDictionary<string, long> _opened = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _escalated = new(StringComparer.Ordinal);

    public TicketInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(HubMeters.Tickets);
        meter.CreateObservableCounter("opened", () => Read(_opened, "priority"), "{ticket}", "Service tickets opened from alarms, by priority.");
        meter.CreateObservableCounter("escalated", () => Read(_escalated, "level"), "{ticket}",
            "Tickets escalated because their SLA target passed without a response or update (an SLA breached), by level.");
    }

    public void Opened(string priority) => _opened.AddOrUpdate(priority, 1, (_, n) => n + 1);

    public void Escalated(string level) => _escalated.AddOrUpdate(level, 1, (_, n) => n + 1);

    private static IEnumerable<Measurement<long>> Read(ConcurrentDictionary<string, long> counts, string label) =>
        counts.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>(label, p.Key)));
}
