using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>When an overdue ticket escalates to the supervisor, then to the manager.</summary>
/// <remarks>
/// <para>The target watched is the response deadline until the desk responds, then the resolution deadline.</para>
/// <para>The supervisor level is due once that target has passed. The manager level is due
/// <see cref="ManagerAfter"/> later, counted from the target or from the ticket's last update if that came after
/// the target: an engineer who updates an overdue ticket holds off the manager for another interval.</para>
/// <para>Resolved and closed tickets never escalate. A level is never taken back: <see cref="EscalationDecision.Escalates"/>
/// is true only above the ticket's current level.</para>
/// </remarks>
public sealed record EscalationPolicy
{
    /// <summary>How long after the supervisor level, without an update, the manager level falls due.</summary>
    /// <value>The default value is 2 hours.</value>
    public TimeSpan ManagerAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The defaults.</summary>
    public static EscalationPolicy Default { get; } = new();

    /// <summary>The escalation level due for <paramref name="ticket"/> at <paramref name="now"/>.</summary>
    public EscalationDecision Evaluate(ServiceTicket ticket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!ticket.IsOpen)
        {
            return Decide(ticket, EscalationLevel.None, null, Invariant($"Ticket {ticket.TicketNo} is {ticket.Status}: no escalation."));
        }

        var (target, what) = ticket.RespondedAt is null ? (ticket.RespondBy, "response") : (ticket.ResolveBy, "resolution");
        if (target is not { } due)
        {
            return Decide(ticket, EscalationLevel.None, null, Invariant($"Ticket {ticket.TicketNo} has no {what} target: no escalation."));
        }

        if (now < due)
        {
            return Decide(ticket, EscalationLevel.None, due, Invariant($"The {what} target {Show(due)} is not yet missed."));
        }

        var heldFrom = ticket.UpdatedAt is { } updated && updated > due ? updated : due;
        var managerAt = heldFrom + ManagerAfter;
        var missed = Invariant($"The {what} target {Show(due)} was missed by {now - due}");
        if (now >= managerAt)
        {
            return Decide(ticket, EscalationLevel.Manager, null,
                missed + Invariant($" and there was no update for {ManagerAfter} after {Show(heldFrom)}: escalate to the manager."));
        }

        return Decide(ticket, EscalationLevel.Supervisor, managerAt,
            missed + Invariant($": escalate to the supervisor; to the manager at {Show(managerAt)} without an update."));
    }

    private static EscalationDecision Decide(ServiceTicket ticket, EscalationLevel level, DateTimeOffset? nextAt, string reason) =>
        new() { Level = level, Escalates = level > ticket.Escalation, NextAt = nextAt, Reason = reason };

    private static string Show(DateTimeOffset time) => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
