using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>
/// One open ticket per asset and alarm code: a repeat of the alarm while its ticket is Open or Acknowledged becomes
/// an occurrence on that ticket; after the ticket is Resolved or Closed, the next alarm opens a new ticket.
/// </summary>
public static class TicketDeduplication
{
    /// <summary>Decides, from the tickets of the asset, whether an alarm with <paramref name="alarmCode"/> opens a ticket.</summary>
    /// <param name="tickets">The asset's tickets (others are ignored); closed ones may be included.</param>
    /// <param name="assetId">The alarm's asset.</param>
    /// <param name="alarmCode">The alarm's code.</param>
    public static DedupDecision Decide(IEnumerable<ServiceTicket> tickets, string assetId, string alarmCode)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        var key = new TicketKey(assetId, alarmCode);
        var open = tickets
            .Where(t => t.IsOpen && TicketKey.For(t) == key)
            .OrderBy(t => t.OpenedAt)
            .ThenBy(t => t.TicketNo, StringComparer.Ordinal)
            .FirstOrDefault();
        return open is null
            ? new DedupDecision { Key = key, Reason = Invariant($"No open ticket for alarm {alarmCode} on {assetId}: open a new ticket.") }
            : new DedupDecision
            {
                Key = key,
                ExistingTicketNo = open.TicketNo,
                Reason = Invariant($"Alarm {alarmCode} on {assetId} repeats while ticket {open.TicketNo} is {open.Status}: occurrence {open.Occurrences + 1} on it, no new ticket."),
            };
    }

    /// <summary>Records a repeat of the alarm on its open ticket.</summary>
    public static ServiceTicket AddOccurrence(ServiceTicket ticket, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket with
        {
            Occurrences = ticket.Occurrences + 1,
            LastOccurrenceAt = ticket.LastOccurrenceAt is { } last && last > at ? last : at,
        };
    }
}
