namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// A customer's milestone choice as the portal shows it: which milestones, which way (<c>mail</c> or <c>chat</c>),
/// and the ways the customer record offers (an empty list: the customer cannot be told at all).
/// </summary>
internal sealed record MilestoneChoice(bool Shipped, bool Delivered, bool Late, string? Channel, IReadOnlyList<string> Channels);
