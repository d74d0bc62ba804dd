namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>The events that send notifications; also the first part of a template's file name.</summary>
internal static class NotificationEvents
{
    public const string TicketOpened = "ticket-opened";
    public const string TicketEscalated = "ticket-escalated";
    public const string TicketResolved = "ticket-resolved";
    public const string P0Quality = "alarm-p0-quality";
    public const string CustomerHold = "customer-hold";
    public const string CustomerHoldReleased = "customer-hold-released";

    /// <summary>A resolved ticket's satisfaction survey, to the customer (issue 24 item 5, Hub.Host/Surveys).</summary>
    public const string SurveyInvitation = "survey-invitation";
    // Order milestones (issue 23 item 2), to the customer and the account's sales owner; see Milestones/MilestoneEvents.
    public const string OrderShipped = "order-shipped";
    public const string OrderDelivered = "order-delivered";
    public const string OrderLate = "order-late";

    // Preventive maintenance tickets (issue 24 item 4, codes maintenance:<plan id>) have their own wording: a planned
    // service visit, not a detected fault. A site whose templates folder lacks them keeps the ticket-* templates.
    public const string MaintenanceDue = "maintenance-due";
    public const string MaintenanceDone = "maintenance-done";
}
