using System.Globalization;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tickets;

// The engineer's actions from the phone page (issue 24 item 2): accept, on my way, arrived, resolved, in that order,
// each a history entry with its time; resolving goes through ResolveAsync, so every consequence of resolving (the
// customer's notification, a released hold) stays one path. Whether the engineer may act on the ticket at all is
// FieldAccess's call, made by the caller in the same unit of work.
internal sealed partial class TicketWorkflow
{
    /// <summary>
    /// The engineer takes the ticket: it is assigned to the engineer (taken from the queue if it waited in one) and, if
    /// still open, acknowledged, which meets the response target.
    /// </summary>
    public async Task<DeskActionResult> AcceptAsync(IRulesUnitOfWork tx, string ticketNo, string engineerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FieldStepAsync(tx, ticketNo, "accept", cancellationToken).ConfigureAwait(false) is not ({ } ticket, _))
        {
            return await RefusedStepAsync(tx, ticketNo, "accept", cancellationToken).ConfigureAwait(false);
        }

        var fromQueue = ticket.Assignee is null && ticket.Queue is { } queue ? $" Taken from the queue {queue}." : string.Empty;
        var accepted = ticket with
        {
            Assignee = engineerId,
            Queue = null,
            Status = TicketStatus.Acknowledged,
            RespondedAt = ticket.RespondedAt ?? now,
            UpdatedAt = now,
        };
        await tx.SaveTicketAsync(accepted, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (ticket.Status == TicketStatus.Open)
        {
            await tx.AcknowledgeAlarmsAsync(ticketNo, now, engineerId, cancellationToken).ConfigureAwait(false);
        }

        return await RecordAsync(tx, accepted, engineerId, now, FieldProgress.Accepted, $"Accepted by {engineerId} on the phone page.{fromQueue}", false, cancellationToken).ConfigureAwait(false);
    }

    public Task<DeskActionResult> OnMyWayAsync(IRulesUnitOfWork tx, string ticketNo, string engineerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StepAsync(tx, ticketNo, "on-my-way", FieldProgress.OnMyWay, $"{engineerId} is on the way.", engineerId, now, cancellationToken);

    public Task<DeskActionResult> ArrivedAsync(IRulesUnitOfWork tx, string ticketNo, string engineerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        StepAsync(tx, ticketNo, "arrived", FieldProgress.Arrived, $"{engineerId} arrived on site.", engineerId, now, cancellationToken);

    /// <summary>Resolves the ticket once the engineer has arrived, through <see cref="ResolveAsync"/>.</summary>
    public async Task<DeskActionResult> FieldResolveAsync(IRulesUnitOfWork tx, string ticketNo, string? note, string engineerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await FieldStepAsync(tx, ticketNo, "resolve", cancellationToken).ConfigureAwait(false) is ({ }, _)
            ? await ResolveAsync(tx, ticketNo, note, engineerId, now, cancellationToken).ConfigureAwait(false)
            : await RefusedStepAsync(tx, ticketNo, "resolve", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Stores the engineer's service report once: a report whose id is stored already (the page sent it again after a
    /// lost answer) changes nothing and is answered with the stored one. An id used before on another ticket is refused.
    /// </summary>
    public async Task<(ServiceReport? Report, bool Resent, DeskActionResult? Refusal)> AddServiceReportAsync(
        IRulesUnitOfWork tx, ServiceReport report, CancellationToken cancellationToken)
    {
        var (stored, added) = await tx.AddServiceReportAsync(report, cancellationToken).ConfigureAwait(false);
        if (!added)
        {
            return string.Equals(stored.TicketNo, report.TicketNo, StringComparison.Ordinal)
                ? (stored, true, null)
                : (null, false, DeskActionResult.Refused(DeskActionError.InvalidState,
                    $"The report id {report.ReportId} belongs to a report on another ticket; a new report needs a new id."));
        }

        var parts = report.Parts.Count == 0 ? "no parts" : string.Create(CultureInfo.InvariantCulture, $"{report.Parts.Count} part line(s)");
        await tx.AddHistoryAsync(report.TicketNo, report.ReceivedAt, report.Engineer, "service-report",
            string.Create(CultureInfo.InvariantCulture, $"Service report {report.ReportId} by {report.Engineer}: {report.MinutesSpent} min, {parts}, signed off by {report.CustomerName}."),
            true, cancellationToken).ConfigureAwait(false);
        return (stored, false, null);
    }

    private async Task<DeskActionResult> StepAsync(
        IRulesUnitOfWork tx, string ticketNo, string step, string action, string detail, string engineerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FieldStepAsync(tx, ticketNo, step, cancellationToken).ConfigureAwait(false) is not ({ } ticket, _))
        {
            return await RefusedStepAsync(tx, ticketNo, step, cancellationToken).ConfigureAwait(false);
        }

        var updated = ticket with { UpdatedAt = now };
        await tx.SaveTicketAsync(updated, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await RecordAsync(tx, updated, engineerId, now, action, detail, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ticket and its progress when <paramref name="step"/> is the step it allows next; else nothing.</summary>
    private static async Task<(ServiceTicket? Ticket, FieldProgress? Progress)> FieldStepAsync(
        IRulesUnitOfWork tx, string ticketNo, string step, CancellationToken cancellationToken)
    {
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null || !ticket.IsOpen)
        {
            return (null, null);
        }

        var progress = FieldProgress.From(await tx.HistoryAsync(ticketNo, cancellationToken).ConfigureAwait(false));
        return progress.Next == step ? (ticket, progress) : (null, progress);
    }

    /// <summary>Why <paramref name="step"/> cannot be taken now: no ticket, a ticket no longer open, or another step due first.</summary>
    private static async Task<DeskActionResult> RefusedStepAsync(IRulesUnitOfWork tx, string ticketNo, string step, CancellationToken cancellationToken)
    {
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(ticketNo);
        }

        if (!ticket.IsOpen)
        {
            return DeskActionResult.Refused(DeskActionError.InvalidState, $"Ticket {ticketNo} is {ticket.Status}; '{step}' needs an open ticket.");
        }

        var next = FieldProgress.From(await tx.HistoryAsync(ticketNo, cancellationToken).ConfigureAwait(false)).Next;
        return DeskActionResult.Refused(DeskActionError.InvalidState,
            $"Ticket {ticketNo} is not ready for '{step}': the next step is '{next}' (the order is accept, on-my-way, arrived, resolve).");
    }
}
