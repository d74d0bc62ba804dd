using System.Globalization;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Adapters.Notifications.Templates;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// Turns a ticket event into outbox messages: one per audience that has a channel, rendered in the audience's
/// language, keyed by event so that the same event never queues a message twice.
/// </summary>
internal sealed partial class NotificationPlanner(HubNotifications notifications, HubOptions options, TimeProvider time)
{
    private readonly NotificationOptions _settings = options.Notifications;
    private readonly Dictionary<string, EngineerOptions> _roster = options.Rules.Roster.ToDictionary(e => e.Id, StringComparer.Ordinal);
    private readonly TimeZoneInfo _zone = FindZone(options.Notifications.TimeZone);

    public IReadOnlyList<OutboxMessage> Plan(
        string eventName, string eventId, ServiceTicket ticket, Customer? customer, string? textEn, string? textZh, string? reason, DateTimeOffset at,
        bool alarmCleared = false)
    {
        if (notifications.Templates is not { } templates || !HubNotifications.Events.TryGetValue(eventName, out var audiences))
        {
            return [];
        }

        var messages = new List<OutboxMessage>();
        foreach (var audience in audiences)
        {
            var target = HubNotifications.Audience(_settings, audience);
            if (target.Channel is not { Length: > 0 } channel)
            {
                continue;
            }

            var language = audience == Audiences.Customer ? customer?.Language ?? NotificationTemplates.FallbackLanguage : target.Language;
            var recipients = audience == Audiences.Customer
                ? customer?.Email is { Length: > 0 } email ? [email] : []
                : target.Recipients;
            var isMail = notifications.Channel(channel)?.Kind == "smtp";
            if (isMail && recipients.Count == 0)
            {
                // A customer without an e-mail address cannot be told by mail; the desk still is.
                continue;
            }

            var zh = language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
            var model = new TicketEventModel
            {
                TicketNo = ticket.TicketNo,
                AssetId = ticket.AssetId,
                AlarmCode = ticket.AlarmCode,
                AlarmText = zh ? textZh ?? textEn : textEn ?? textZh,
                Priority = ticket.Priority.ToString(),
                CustomerCode = ticket.CustomerCode,
                CustomerName = customer?.Name,
                Engineer = ticket.Assignee is { } id ? _roster.GetValueOrDefault(id)?.Name ?? id : ticket.Queue,
                RespondBy = Show(ticket.RespondBy),
                ResolveBy = Show(ticket.ResolveBy),
                Occurrences = ticket.Occurrences,
                Reason = reason,
                EscalationLevel = ticket.Escalation.ToString(),
                AlarmCleared = alarmCleared,
                At = Show(at)!,
            };
            var wording = Wording(templates, eventName, ticket, audience, language);
            messages.Add(Message(wording, eventId, audience, channel, ticket.CustomerCode, templates.Render(wording, audience, language, model, recipients)));
        }

        return messages;
    }

    /// <summary>
    /// The event whose templates word the message: a preventive maintenance ticket (code <c>maintenance:&lt;plan&gt;</c>)
    /// opened or resolved reads as a planned service visit (maintenance-due, maintenance-done), not as a detected fault,
    /// where the site's templates folder has those templates; a folder from before them keeps the ticket-* wording.
    /// </summary>
    private static string Wording(NotificationTemplates templates, string eventName, ServiceTicket ticket, string audience, string language)
    {
        var maintenance = eventName switch
        {
            NotificationEvents.TicketOpened => NotificationEvents.MaintenanceDue,
            NotificationEvents.TicketResolved => NotificationEvents.MaintenanceDone,
            _ => null,
        };
        return maintenance is not null
            && ticket.AlarmCode.StartsWith(Crm.Core.Maintenance.MaintenancePlan.CodePrefix, StringComparison.Ordinal)
            && templates.Has(maintenance, audience, language)
                ? maintenance
                : eventName;
    }

    /// <summary>A rendered message for the outbox, keyed by event, audience and channel so that it is queued once.</summary>
    private OutboxMessage Message(string eventName, string eventId, string audience, string channel, string customerCode, RenderedMessage rendered) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        EventKey = $"{eventName}/{eventId}/{audience}/{channel}",
        Channel = channel,
        Audience = audience,
        CustomerCode = customerCode,
        Subject = rendered.Subject,
        Body = rendered.Body,
        Recipients = rendered.Recipients,
        // Due now, not at the event's time: a device clock running ahead must not delay the message.
        NextAttemptAt = time.GetUtcNow(),
        CreatedAt = time.GetUtcNow(),
    };

    private string? Show(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;

    internal static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
