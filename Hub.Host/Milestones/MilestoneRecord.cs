using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>A milestone to record with the messages that tell of it (none when the customer opted out or cannot be told).</summary>
internal sealed record MilestoneRecord(Milestone Milestone, DateTimeOffset DetectedAt, IReadOnlyList<OutboxMessage> Messages)
{
    /// <summary>The milestone's identity: <c>order/kind/reference</c>.</summary>
    public string Key => KeyOf(Milestone.OrderNo, MilestoneEvents.NameOf(Milestone.Kind), Milestone.Reference);

    public static string KeyOf(string orderNo, string kind, string reference) => $"{orderNo}/{kind}/{reference}";
}
