namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>The portal's profile pages (<c>Hub:Customers:SelfService</c>, issue 23 item 3).</summary>
internal sealed record SelfServiceOptions
{
    /// <summary>
    /// The most changes one customer may have waiting for the desk at once; a further proposal is refused with a clear
    /// error until the desk decides some. Bounds what a script with a stolen token can pile up. From 1 to 1000.
    /// </summary>
    /// <value>The default value is 20.</value>
    public int MaxPendingChanges { get; init; } = 20;
}
