using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tickets;

internal sealed partial class TicketWorkflow
{
    public async Task<DeskActionResult> AcknowledgeAsync(IRulesUnitOfWork tx, string ticketNo, string user, DateTimeOffset now, CancellationToken cancellationToken, string? comment = null)
    {
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(ticketNo);
        }

        if (ticket.Status != TicketStatus.Open)
        {
            return DeskActionResult.Refused(DeskActionError.InvalidState, $"Ticket {ticketNo} is {ticket.Status}; only an Open ticket can be acknowledged.");
        }

        var acknowledged = ticket with { Status = TicketStatus.Acknowledged, RespondedAt = ticket.RespondedAt ?? now, UpdatedAt = now };
        await tx.SaveTicketAsync(acknowledged, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await tx.AcknowledgeAlarmsAsync(ticketNo, now, user, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(tx, acknowledged, user, now, "acknowledged", $"Acknowledged by {user}; the response target is met.{(string.IsNullOrWhiteSpace(comment) ? string.Empty : " " + comment.Trim())}", false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeskActionResult> AssignAsync(IRulesUnitOfWork tx, string ticketNo, string assignee, string? reason, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(assignee))
        {
            return DeskActionResult.Refused(DeskActionError.InvalidInput, "Name the engineer to assign the ticket to (assignee).");
        }

        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(ticketNo);
        }

        if (!ticket.IsOpen)
        {
            return DeskActionResult.Refused(DeskActionError.InvalidState, $"Ticket {ticketNo} is {ticket.Status}; reopen work needs a new ticket.");
        }

        var previous = ticket.Assignee ?? ticket.Queue ?? "nobody";
        var assigned = ticket with { Assignee = assignee.Trim(), Queue = null, RespondedAt = ticket.RespondedAt ?? now, UpdatedAt = now };
        await tx.SaveTicketAsync(assigned, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var why = string.IsNullOrWhiteSpace(reason) ? string.Empty : $" Reason: {reason.Trim()}";
        return await RecordAsync(tx, assigned, user, now, "assigned", $"Reassigned from {previous} to {assigned.Assignee} by {user}.{why}", false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeskActionResult> CommentAsync(IRulesUnitOfWork tx, string ticketNo, string text, bool isInternal, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DeskActionResult.Refused(DeskActionError.InvalidInput, "A comment needs text.");
        }

        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(ticketNo);
        }

        var updated = ticket.IsOpen ? ticket with { RespondedAt = ticket.RespondedAt ?? now, UpdatedAt = now } : ticket;
        await tx.SaveTicketAsync(updated, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await RecordAsync(tx, updated, user, now, "comment", text.Trim(), isInternal, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeskActionResult> ResolveAsync(IRulesUnitOfWork tx, string ticketNo, string? note, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(ticketNo);
        }

        if (!ticket.IsOpen)
        {
            return DeskActionResult.Refused(DeskActionError.InvalidState, $"Ticket {ticketNo} is already {ticket.Status}.");
        }

        var cleared = await tx.AlarmsClearedAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        var resolved = ticket with { Status = TicketStatus.Resolved, RespondedAt = ticket.RespondedAt ?? now, UpdatedAt = now };
        await tx.SaveTicketAsync(resolved, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var detail = $"Resolved by {user}; the alarm {(cleared ? "has cleared" : "is STILL ACTIVE")}.{(string.IsNullOrWhiteSpace(note) ? string.Empty : " " + note.Trim())}";
        var result = await RecordAsync(tx, resolved, user, now, "resolved", detail, false, cancellationToken).ConfigureAwait(false);
        var customer = await tx.EntityAsync(EntityKind.Customer, ticket.CustomerCode, cancellationToken).ConfigureAwait(false) as Customer;
        await EnqueueAsync(tx, planner.Plan(NotificationEvents.TicketResolved, ticketNo, resolved, customer, null, null, note, now, cleared), cancellationToken).ConfigureAwait(false);
        await (surveys?.OnResolvedAsync(tx, resolved, customer, now, cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        if (await tx.ReleaseHoldAsync(ticketNo, now, cancellationToken).ConfigureAwait(false))
        {
            await tx.AddHistoryAsync(ticketNo, now, System, "customer-hold-released", $"Customer {ticket.CustomerCode} is no longer on hold for this ticket.", false, cancellationToken).ConfigureAwait(false);
            await EnqueueAsync(tx, planner.Plan(NotificationEvents.CustomerHoldReleased, ticketNo, resolved, customer, null, null, "P0 ticket resolved", now), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<DeskActionResult> CloseAsync(IRulesUnitOfWork tx, string ticketNo, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(ticketNo);
        }

        if (ticket.Status != TicketStatus.Resolved)
        {
            return DeskActionResult.Refused(DeskActionError.InvalidState, $"Ticket {ticketNo} is {ticket.Status}; resolve it before closing.");
        }

        var closed = ticket with { Status = TicketStatus.Closed, UpdatedAt = now };
        await tx.SaveTicketAsync(closed, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await RecordAsync(tx, closed, user, now, "closed", $"Closed by {user}.", false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeskActionResult> RecordAsync(
        IRulesUnitOfWork tx, ServiceTicket ticket, string user, DateTimeOffset now, string action, string detail, bool isInternal, CancellationToken cancellationToken)
    {
        await tx.AddHistoryAsync(ticket.TicketNo, now, user, action, detail, isInternal, cancellationToken).ConfigureAwait(false);
        RulesLog.DeskAction(logger, ticket.TicketNo, action, user);
        return DeskActionResult.Done(ticket, detail);
    }

    private static DeskActionResult NotFound(string ticketNo) =>
        DeskActionResult.Refused(DeskActionError.NotFound, $"No ticket {ticketNo}.");
}
