namespace IntegrationHub.Adapters.Rest;

/// <summary>The REST polling adapter (<c>Hub:Rest</c>): one poller per source; none by default.</summary>
public sealed record RestOptions
{
    public IReadOnlyList<RestSourceOptions> Sources { get; init; } = [];
}
