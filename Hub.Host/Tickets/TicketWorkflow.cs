using System.Globalization;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Metrics;

namespace IntegrationHub.Hub.Host.Tickets;

/// <summary>
/// What alarms and the clock do to tickets: open one or add an occurrence, note a cleared alarm, escalate a
/// missed SLA; and what each of those sends. Every step writes through the caller's <see cref="IRulesUnitOfWork"/>,
/// so a ticket, its history and its notifications commit together.
/// </summary>
internal sealed partial class TicketWorkflow(
    HubOptions options, NotificationPlanner planner, TimeProvider time, ILogger<TicketWorkflow> logger, TicketInstruments? instruments = null,
    Surveys.SurveyInvitations? surveys = null)
{
    public const string System = "rules";

    private readonly TicketPolicies _policies = new()
    {
        Sla = options.Rules.ToSlaPolicy(),
        Assignment = AssignmentPolicy.Default with { FallbackQueue = options.Rules.FallbackQueue },
    };

    private readonly EscalationPolicy _escalation = new() { ManagerAfter = options.Rules.ManagerAfter };

    public async Task OnRaisedAsync(IRulesUnitOfWork tx, AlarmTransition raised, string? requiredSkill, CancellationToken cancellationToken)
    {
        var customer = await tx.FindAssetCustomerAsync(raised.AssetId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            RulesLog.UnknownAsset(logger, raised.Code, raised.AssetId);
        }

        await OpenOrRepeatAsync(tx, raised, customer, requiredSkill, ticket => tx.InsertAlarmAsync(raised, ticket.TicketNo, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a ticket for <paramref name="raised"/>, or adds an occurrence to the open one of the same asset and code:
    /// priority, SLA, assignment, history and notifications, the same for an alarm and for a problem a customer reported
    /// (issue 24 item 1). <paramref name="recordCause"/> stores what raised it once the ticket is saved.
    /// </summary>
    private async Task<TicketPlan> OpenOrRepeatAsync(
        IRulesUnitOfWork tx, AlarmTransition raised, Customer? customer, string? requiredSkill, Func<ServiceTicket, Task> recordCause, CancellationToken cancellationToken)
    {
        var owner = customer ?? new Customer { Code = "UNKNOWN", Name = "(unknown customer)" };
        var open = await tx.OpenTicketsOfAssetAsync(raised.AssetId, cancellationToken).ConfigureAwait(false);
        var load = await tx.OpenTicketsPerAssigneeAsync(cancellationToken).ConfigureAwait(false);
        var roster = options.Rules.Roster.Select(e => new Engineer
        {
            Id = e.Id,
            Name = e.Name,
            Region = e.Region,
            Skills = [.. e.Skills],
            OnDuty = e.OnDuty,
            OpenTickets = load.GetValueOrDefault(e.Id),
        });
        var plan = TicketPlanner.OnRaised(raised, owner, open, roster, "pending", requiredSkill, _policies);
        var ticket = plan.Ticket;
        if (plan.IsNew)
        {
            var number = await tx.NextAsync("ticket", cancellationToken).ConfigureAwait(false);
            ticket = ticket with { TicketNo = string.Create(CultureInfo.InvariantCulture, $"T-{raised.At.UtcDateTime.Year}-{number:D6}") };
        }

        plan = plan with { Ticket = ticket };
        await tx.SaveTicketAsync(ticket, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await recordCause(ticket).ConfigureAwait(false);
        if (!plan.IsNew)
        {
            await tx.AddHistoryAsync(ticket.TicketNo, raised.At, System, "occurrence", string.Join(" ", plan.History), false, cancellationToken).ConfigureAwait(false);
            RulesLog.Occurrence(logger, raised.Code, raised.AssetId, ticket.Occurrences, ticket.TicketNo);
            return plan;
        }

        await tx.AddHistoryAsync(ticket.TicketNo, raised.At, System, "opened", string.Join(" ", plan.History), false, cancellationToken).ConfigureAwait(false);
        RulesLog.TicketOpened(logger, ticket.TicketNo, ticket.Priority.ToString(), ticket.AlarmCode, ticket.AssetId, ticket.Assignee ?? ticket.Queue ?? "-");
        instruments?.Opened(ticket.Priority.ToString());
        await EnqueueAsync(tx, planner.Plan(NotificationEvents.TicketOpened, ticket.TicketNo, ticket, customer, raised.TextEn, raised.TextZhCn, raised.Reason, raised.At), cancellationToken).ConfigureAwait(false);
        if (ticket.Priority == TicketPriority.P0)
        {
            await EnqueueAsync(tx, planner.Plan(NotificationEvents.P0Quality, ticket.TicketNo, ticket, customer, raised.TextEn, raised.TextZhCn, raised.Reason, raised.At), cancellationToken).ConfigureAwait(false);
            if (customer is not null && await tx.AddHoldAsync(customer.Code, ticket.TicketNo, raised.At, cancellationToken).ConfigureAwait(false))
            {
                await tx.AddHistoryAsync(ticket.TicketNo, raised.At, System, "customer-hold",
                    $"P0: customer {customer.Code} is on hold for new order approvals until this ticket is resolved.", false, cancellationToken).ConfigureAwait(false);
                await EnqueueAsync(tx, planner.Plan(NotificationEvents.CustomerHold, ticket.TicketNo, ticket, customer, raised.TextEn, raised.TextZhCn, "P0 ticket opened", raised.At), cancellationToken).ConfigureAwait(false);
            }
        }

        return plan;
    }

    public async Task OnClearedAsync(IRulesUnitOfWork tx, AlarmTransition cleared, CancellationToken cancellationToken)
    {
        var ticketNo = await tx.ClearAlarmAsync(cleared, cancellationToken).ConfigureAwait(false);
        if (ticketNo is not null && await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false) is { IsOpen: true })
        {
            await tx.AddHistoryAsync(ticketNo, cleared.At, System, "alarm-cleared", cleared.Reason, false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Escalates open tickets whose SLA target passed without a response or an update.</summary>
    public async Task EscalateAsync(IRulesUnitOfWork tx, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var ticket in await tx.TicketsDueAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var decision = _escalation.Evaluate(ticket, now);
            if (!decision.Escalates)
            {
                continue;
            }

            var escalated = ticket with { Escalation = decision.Level };
            await tx.SaveTicketAsync(escalated, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await tx.AddHistoryAsync(ticket.TicketNo, now, System, "escalated", $"Escalated to {decision.Level}: {decision.Reason}", true, cancellationToken).ConfigureAwait(false);
            RulesLog.Escalated(logger, ticket.TicketNo, decision.Level.ToString(), decision.Reason);
            instruments?.Escalated(decision.Level.ToString());
            var customer = await tx.EntityAsync(Crm.Core.Changes.EntityKind.Customer, ticket.CustomerCode, cancellationToken).ConfigureAwait(false) as Customer;
            await EnqueueAsync(tx, planner.Plan(NotificationEvents.TicketEscalated, $"{ticket.TicketNo}/{decision.Level}", escalated, customer, null, null, decision.Reason, now), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnqueueAsync(IRulesUnitOfWork tx, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await tx.EnqueueAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
