using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Milestones;

namespace IntegrationHub.Hub.Host.Outbox;

// Order milestones (issue 23 item 2) through the same planner as tickets: the audience's channel and language, the
// templates, the event key that queues a message once; quiet hours and the per-customer limit then apply in the
// outbox's claim to the customer's message (audience customer), whichever channel carries it.
internal sealed partial class NotificationPlanner
{
    /// <summary>
    /// The messages of one milestone: to the customer by the channel <paramref name="customerChannel"/> (null: the
    /// customer is not told) and to the account's sales owner. An audience without a channel or a template for the
    /// event gets nothing.
    /// </summary>
    public IReadOnlyList<OutboxMessage> PlanMilestone(Milestone milestone, Customer? customer, (string Choice, string Channel)? customerChannel)
    {
        if (notifications.Templates is not { } templates)
        {
            return [];
        }

        var eventName = MilestoneEvents.EventOf(milestone.Kind);
        var eventId = $"{milestone.OrderNo}/{MilestoneEvents.NameOf(milestone.Kind)}/{milestone.Reference}";
        var model = new MilestoneEventModel
        {
            OrderNo = milestone.OrderNo,
            CustomerReference = milestone.CustomerReference,
            CustomerCode = milestone.CustomerCode,
            CustomerName = customer?.Name,
            ShipmentNo = milestone.ShipmentNo,
            Carrier = milestone.Carrier,
            TrackingNo = milestone.TrackingNo,
            ShippedAt = Show(milestone.ShippedAt),
            Eta = ShowDate(milestone.Eta),
            DeliveredAt = Show(milestone.DeliveredAt),
            PromisedDate = ShowDate(milestone.PromisedDate),
            CustomerToldBy = customerChannel?.Choice ?? "none",
        };
        var messages = new List<OutboxMessage>(2);
        if (customer is not null && customerChannel is { } told)
        {
            var language = customer.Language;
            IReadOnlyList<string> recipients = told.Choice == MilestoneChannels.Mail && customer.Email is { Length: > 0 } email ? [email] : [];
            if (templates.Has(eventName, Audiences.Customer, language))
            {
                messages.Add(Message(eventName, eventId, Audiences.Customer, told.Channel, milestone.CustomerCode,
                    templates.Render(eventName, Audiences.Customer, language, model, recipients)));
            }
        }

        var sales = _settings.Sales;
        IReadOnlyList<string> owners = [.. new[] { customer?.SalesOwnerEmail }.OfType<string>().Where(a => a.Length > 0).Concat(sales.Recipients)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        if (customer is not null && owners.Count > 0 && sales.Channel is { Length: > 0 } salesChannel && templates.Has(eventName, Audiences.Sales, sales.Language))
        {
            messages.Add(Message(eventName, eventId, Audiences.Sales, salesChannel, milestone.CustomerCode,
                templates.Render(eventName, Audiences.Sales, sales.Language, model, owners)));
        }

        return messages;
    }

    private string? ShowDate(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
}
