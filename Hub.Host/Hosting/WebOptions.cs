namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The hub's web server behind a reverse proxy (<c>Hub:Web</c>; issue 18 item 4).</summary>
internal sealed record WebOptions
{
    /// <summary>
    /// The addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) of the reverse proxies in front of the hub.
    /// From these only, the hub takes the client's address from the last entry of <c>X-Forwarded-For</c> (the one the
    /// proxy appended) and the scheme from <c>X-Forwarded-Proto</c>, so the per-address limits see the client rather
    /// than the proxy. Empty (the default): the headers are ignored, whoever sends them.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
}
