using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>The notification event of each milestone, and the audiences it reaches.</summary>
internal static class MilestoneEvents
{
    public static readonly IReadOnlyList<string> AudiencesReached = [Audiences.Customer, Audiences.Sales];

    public static string EventOf(MilestoneKind kind) => kind switch
    {
        MilestoneKind.Shipped => NotificationEvents.OrderShipped,
        MilestoneKind.Delivered => NotificationEvents.OrderDelivered,
        MilestoneKind.Late => NotificationEvents.OrderLate,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown milestone."),
    };

    /// <summary>The milestone's name in the store, the API and event keys.</summary>
    public static string NameOf(MilestoneKind kind) => kind switch
    {
        MilestoneKind.Shipped => "shipped",
        MilestoneKind.Delivered => "delivered",
        MilestoneKind.Late => "late",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown milestone."),
    };
}
