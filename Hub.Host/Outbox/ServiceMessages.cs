namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// Which customer messages are service messages: ones the customer asked for or expects (a resolved ticket's survey
/// invitation, a preventive maintenance notice, the order milestones the customer chose), as opposed to alarm notices.
/// By default only alarm notices count against <c>Hub:Notifications:CustomerLimit</c>, so a customer who got three alarm
/// mails within the hour still gets the survey of the ticket they were about (Hub:Notifications:CountServiceMessages).
/// </summary>
/// <remarks>The class is read from the event name, the first part of a message's event key: no column of its own.</remarks>
internal static class ServiceMessages
{
    /// <summary>The events whose customer messages are service messages.</summary>
    public static readonly IReadOnlyList<string> EventNames =
    [
        NotificationEvents.SurveyInvitation,
        NotificationEvents.MaintenanceDue,
        NotificationEvents.MaintenanceDone,
        NotificationEvents.OrderShipped,
        NotificationEvents.OrderDelivered,
        NotificationEvents.OrderLate,
    ];

    /// <summary>The event of an event key such as <c>ticket-opened/T-2026-000001/customer/mail</c>.</summary>
    public static string EventName(string eventKey)
    {
        var slash = eventKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? eventKey : eventKey[..slash];
    }
}
