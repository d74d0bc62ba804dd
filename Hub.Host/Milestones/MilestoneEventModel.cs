namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// What a milestone template (<c>order-shipped</c>, <c>order-delivered</c>, <c>order-late</c>) can show; times in
/// the site's time zone, dates as <c>yyyy-MM-dd</c>. Values are as stored: the mapping has refused control characters
/// and over-long fields, and the mail is plain text, so markup in a value stays text.
/// </summary>
internal sealed record MilestoneEventModel
{
    public required string OrderNo { get; init; }

    public string? CustomerReference { get; init; }

    public required string CustomerCode { get; init; }

    public string? CustomerName { get; init; }

    public string? ShipmentNo { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNo { get; init; }

    public string? ShippedAt { get; init; }

    public string? Eta { get; init; }

    public string? DeliveredAt { get; init; }

    public string? PromisedDate { get; init; }

    /// <summary>For the sales owner: how the customer was told (<c>mail</c>, <c>chat</c>), or <c>none</c>.</summary>
    public string? CustomerToldBy { get; init; }
}
