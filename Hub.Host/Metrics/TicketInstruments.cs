using System.Diagnostics.Metrics;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// Tickets (meter <c>IntegrationHub.Tickets</c>): opened, by priority, and escalated because their SLA target passed,
/// by level. Counted as the pass writes them: a pass refused at its commit (a node that lost its lease, issue 18) is
/// run again and counts again, which is rare and shows as one ticket too many in a rate, never as one missing.
/// </summary>
internal sealed class TicketInstruments
{
    private readonly Counter<long> _opened;

    private readonly Counter<long> _escalated;

    public TicketInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(HubMeters.Tickets);
        _opened = meter.CreateCounter<long>("opened", "{ticket}", "Service tickets opened from alarms, by priority.");
        _escalated = meter.CreateCounter<long>("escalated", "{ticket}", "Tickets escalated because their SLA target passed without a response or update (an SLA breached), by level.");
    }

    public void Opened(string priority) => _opened.Add(1, new KeyValuePair<string, object?>("priority", priority));

    public void Escalated(string level) => _escalated.Add(1, new KeyValuePair<string, object?>("level", level));
}
