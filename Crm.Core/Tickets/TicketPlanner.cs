using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Customers;

namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>
/// Turns a raised alarm into a ticket decision: deduplication, then, for a new ticket, priority, SLA due times and
/// assignment, with every reason for the ticket's history.
/// </summary>
public static class TicketPlanner
{
    /// <summary>Plans the ticket for <paramref name="raised"/>.</summary>
    /// <param name="raised">A <see cref="AlarmTransitionKind.Raised"/> transition.</param>
    /// <param name="customer">The customer owning the asset; its tier sets the priority, its region the engineer.</param>
    /// <param name="assetTickets">The asset's tickets from the store (closed ones may be included).</param>
    /// <param name="roster">The engineers, with their current open-ticket counts.</param>
    /// <param name="newTicketNo">The number for a new ticket; unused when the alarm repeats on an open one.</param>
    /// <param name="requiredSkill">The skill the asset or alarm needs, if any.</param>
    /// <param name="policies">The policies; null for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="raised"/> is not a raise.</exception>
    public static TicketPlan OnRaised(
        AlarmTransition raised,
        Customer customer,
        IEnumerable<ServiceTicket> assetTickets,
        IEnumerable<Engineer> roster,
        string newTicketNo,
        string? requiredSkill = null,
        TicketPolicies? policies = null)
    {
        ArgumentNullException.ThrowIfNull(raised);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(assetTickets);
        if (raised.Kind != AlarmTransitionKind.Raised)
        {
            throw new ArgumentException("Only a Raised transition opens or repeats a ticket.", nameof(raised));
        }

        policies ??= TicketPolicies.Default;
        var tickets = assetTickets.ToList();
        var dedup = TicketDeduplication.Decide(tickets, raised.AssetId, raised.Code);
        if (!dedup.OpensTicket)
        {
            var open = tickets.First(t => t.TicketNo == dedup.ExistingTicketNo);
            return new TicketPlan
            {
                Ticket = TicketDeduplication.AddOccurrence(open, raised.At),
                IsNew = false,
                History = [dedup.Reason, raised.Reason],
            };
        }

        var priority = TicketPriorityRules.Decide(raised.Severity, customer.Tier);
        var due = policies.Sla.DueTimes(priority.Priority, raised.At);
        var assignment = policies.Assignment.Assign(
            new AssignmentRequest { Region = customer.Region, RequiredSkill = requiredSkill }, roster);
        return new TicketPlan
        {
            Ticket = new ServiceTicket
            {
                TicketNo = newTicketNo,
                AssetId = raised.AssetId,
                CustomerCode = customer.Code,
                AlarmCode = raised.Code,
                Priority = priority.Priority,
                OpenedAt = raised.At,
                RespondBy = due.RespondBy,
                ResolveBy = due.ResolveBy,
                Assignee = assignment.EngineerId,
                Queue = assignment.Queue,
                LastOccurrenceAt = raised.At,
            },
            IsNew = true,
            History = [dedup.Reason, raised.Reason, priority.Reason, due.Reason, assignment.Reason],
        };
    }
}
