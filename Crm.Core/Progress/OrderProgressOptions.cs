namespace IntegrationHub.Crm.Core.Progress;

/// <summary>Settings of the order-progress computation.</summary>
public sealed record OrderProgressOptions
{
    /// <summary>
    /// The time from the end of production to delivery, added to a production forecast to give an ETA.
    /// </summary>
    /// <value>The default value is 2 days.</value>
    public TimeSpan ShippingLeadTime { get; init; } = TimeSpan.FromDays(2);

    /// <summary>The defaults.</summary>
    public static OrderProgressOptions Default { get; } = new();
}
