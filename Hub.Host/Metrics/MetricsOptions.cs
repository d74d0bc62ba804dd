namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// <c>Hub:Metrics</c>: the <c>/metrics</c> endpoint for the plant's monitoring (issue 19 item 2). It answers on the hub's
/// own address, and only to a scraper that sends <see cref="Token"/> as <c>Authorization: Bearer</c>: the figures tell
/// which customers, machines and adapters there are and how busy they are, which is nobody else's business, and a
/// token needs no second listener to open in the firewall or to place behind the reverse proxy.
/// </summary>
internal sealed record MetricsOptions
{
    /// <summary>The shortest token accepted: 32 characters, e.g. <c>openssl rand -hex 32</c> gives 64.</summary>
    public const int MinTokenLength = 32;

    /// <summary>The longest token accepted, so that it fits a header line of any proxy.</summary>
    public const int MaxTokenLength = 512;

    /// <summary>Whether <c>/metrics</c> answers.</summary>
    /// <value>The default value is <c>false</c>: the path is not found.</value>
    public bool Enabled { get; init; }

    /// <summary>
    /// The bearer token a scraper must send; required when <see cref="Enabled"/>. Give it through the environment
    /// (<c>Hub__Metrics__Token</c>) or a settings file readable by the hub's user only, never in the repository.
    /// </summary>
    public string? Token { get; init; }
}
