namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The customer portal API's limits.</summary>
internal sealed record PortalOptions
{
    /// <summary>Requests one portal token may make per minute before it gets 429.</summary>
    /// <value>The default value is 120.</value>
    public int RequestsPerMinutePerToken { get; init; } = 120;

    /// <summary>Requests one client address may make per minute, whatever the token (slows order-number guessing).</summary>
    /// <value>The default value is 300.</value>
    public int RequestsPerMinutePerAddress { get; init; } = 300;

    /// <summary>Orders per page when the client does not say.</summary>
    /// <value>The default value is 20.</value>
    public int DefaultPageSize { get; init; } = 20;

    /// <summary>The largest page a client may ask for.</summary>
    /// <value>The default value is 100.</value>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>How long a verified token is remembered; a revoked token stops working within this time.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan TokenCacheDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a portal page session lasts without use (the cookie slides while it is used).</summary>
    /// <value>The default value is 8 hours.</value>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(8);

    /// <summary>How often an open order page's live updates read the store.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan LiveInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Order pages with live updates one customer may have open at once.</summary>
    /// <value>The default value is 20.</value>
    public int MaxLivePagesPerCustomer { get; init; } = 20;
}
