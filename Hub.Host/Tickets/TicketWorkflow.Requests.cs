using System.Globalization;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Portal.ServiceRequests;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tickets;

internal sealed partial class TicketWorkflow
{
    /// <summary>The code prefix of a ticket a customer reported (<c>customer:&lt;category&gt;</c>): its origin, read from the code.</summary>
    public const string CustomerCodePrefix = "customer:";

    /// <summary>The history's action that marks a ticket's report as the customer's own words.</summary>
    public const string ReportedByCustomer = "reported-by-customer";

    /// <summary>
    /// A problem a customer reported (issue 24 item 1) becomes a ticket the way an alarm does: the category's severity
    /// and the customer's tier set the priority, then SLA, assignment, history and notifications; a second report of the
    /// same category while the machine's ticket is open adds an occurrence. The report itself (text, photos, channel)
    /// is stored with the ticket and marked in its history as the customer's. The caller checked that the customer owns
    /// the machine and that the request key is new.
    /// </summary>
    public async Task<ServiceTicket> OnCustomerRequestAsync(
        IRulesUnitOfWork tx, Customer customer, ServiceRequestDraft draft, ServiceRequestCategory category, string text, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var raised = new AlarmTransition
        {
            Kind = AlarmTransitionKind.Raised,
            RuleId = "customer",
            AssetId = draft.AssetId,
            Metric = "*",
            Code = CustomerCodePrefix + category.Name,
            Severity = category.Severity,
            At = now,
            Reason = $"Reported by customer {customer.Code} through the {draft.Channel}: {category.TextEn} ({category.Severity}).",
            TextEn = category.TextEn,
            TextZhCn = category.TextZhCn ?? category.TextEn,
        };
        // A report is no alarm: nothing goes into the alarm table, so clearing and acknowledging alarms never touch it.
        var plan = await OpenOrRepeatAsync(tx, raised, customer, requiredSkill: null, _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
        var ticket = plan.Ticket;
        var photos = draft.Photos.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({draft.Photos.Count} photo(s))");
        await tx.AddHistoryAsync(ticket.TicketNo, now, CustomerCodePrefix + customer.Code, ReportedByCustomer,
            $"Reported by the customer through the {draft.Channel}, {category.Name}{photos}: {text}", false, cancellationToken).ConfigureAwait(false);
        await tx.SaveServiceRequestAsync(new ServiceRequestRecord
        {
            CustomerCode = customer.Code,
            RequestKey = draft.RequestKey,
            TicketNo = ticket.TicketNo,
            AssetId = draft.AssetId,
            Category = category.Name,
            Channel = draft.Channel,
            Text = text,
            CreatedAt = now,
            Photos = draft.Photos,
        }, cancellationToken).ConfigureAwait(false);
        return ticket;
    }
}
