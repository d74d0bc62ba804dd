namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// What a customer chose in the portal (issue 23 item 2): which milestones they are told of, and how. A customer who
/// never chose gets <see cref="Default"/>: every milestone, by mail when the customer record has an address, else by
/// their chat robot.
/// </summary>
internal sealed record MilestonePreferences
{
    public required string CustomerCode { get; init; }

    public bool Shipped { get; init; } = true;

    public bool Delivered { get; init; } = true;

    public bool Late { get; init; } = true;

    /// <summary><see cref="MilestoneChannels.Mail"/> or <see cref="MilestoneChannels.Chat"/>; null: the default for the customer.</summary>
    public string? Channel { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public static MilestonePreferences Default(string customerCode) => new() { CustomerCode = customerCode };

    public bool Wants(MilestoneKind kind) => kind switch
    {
        MilestoneKind.Shipped => Shipped,
        MilestoneKind.Delivered => Delivered,
        MilestoneKind.Late => Late,
        _ => false,
    };
}
