using IntegrationHub.Crm.Core.Alarms;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>
/// The deduplication key of tickets: one open ticket per asset and alarm code. <see cref="Value"/> is stable
/// across restarts and nodes, fit for a unique index over open tickets.
/// </summary>
public readonly record struct TicketKey(string AssetId, string AlarmCode)
{
    /// <summary>
    /// The key as one string, <c>asset/code</c> with each part URI-escaped, so an asset id holding a slash cannot
    /// collide with another pair.
    /// </summary>
    public string Value => Uri.EscapeDataString(AssetId) + "/" + Uri.EscapeDataString(AlarmCode);

    /// <summary>The key of the ticket an alarm transition belongs to.</summary>
    public static TicketKey For(AlarmTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return new(transition.AssetId, transition.Code);
    }

    /// <summary>The key of a ticket.</summary>
    public static TicketKey For(ServiceTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(ticket.AssetId, ticket.AlarmCode);
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
