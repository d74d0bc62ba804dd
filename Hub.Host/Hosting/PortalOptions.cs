namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The customer portal API's limits.</summary>
internal sealed record PortalOptions
{
    /// <summary>Requests one portal token may make per minute before it gets 429.</summary>
    /// <value>The default value is 120.</value>
    public int RequestsPerMinutePerToken { get; init; } = 120;

    /// <summary>
    /// Failed token attempts (unknown, revoked or malformed) one client address may make per minute before its failed
    /// attempts get 429. Requests with a valid token are limited per token only, never for their address's failures
    /// (issue 16 item 26: customers behind one NAT share an address).
    /// </summary>
    /// <value>The default value is 60.</value>
    public int FailedAttemptsPerMinutePerAddress { get; init; } = 60;

    /// <summary>Replaced by <see cref="FailedAttemptsPerMinutePerAddress"/>; set, it is reported at start.</summary>
    public int? RequestsPerMinutePerAddress { get; init; }

    /// <summary>Orders per page when the client does not say.</summary>
    /// <value>The default value is 20.</value>
    public int DefaultPageSize { get; init; } = 20;

    /// <summary>The largest page a client may ask for.</summary>
    /// <value>The default value is 100.</value>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>
    /// How long a verified token, or a checked page session, is remembered; a revoked token, or a page session signed
    /// out on another node, stops working within this time. Live pages re-check their token in the store when the change
    /// feed tells of a revocation or an ended session, and at least each <see cref="LiveInterval"/>.
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan TokenCacheDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a portal page session lasts without use (the cookie slides while it is used).</summary>
    /// <value>The default value is 8 hours.</value>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often an open live page (an order page, the desk queue) re-reads the store when no change reached it: only a
    /// safety net. Pages re-read when the change feed tells them of a committed change of their order or of tickets
    /// (issue 18 item 4: PostgreSQL LISTEN/NOTIFY, one listening connection per node; SQLite, the store itself).
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan LiveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Order pages with live updates one customer may have open at once.</summary>
    /// <value>The default value is 20.</value>
    public int MaxLivePagesPerCustomer { get; init; } = 20;

    /// <summary>Problems customers report for their machines, on the portal and through the chat robot (issue 24 item 1).</summary>
    public IntegrationHub.Hub.Host.Portal.ServiceRequests.ServiceRequestOptions ServiceRequests { get; init; } = new();
    /// <summary>The satisfaction survey sent when a ticket is resolved (issue 24 item 5).</summary>
    public Surveys.SurveyOptions Survey { get; init; } = new();
}
