namespace IntegrationHub.Adapters.Rest;

/// <summary>
/// How a source proves who is asking (<c>Hub:Rest:Sources:N:Auth</c>): a secret in a header (for example
/// <c>Authorization</c> with <c>Bearer …</c>, or <c>X-Api-Key</c>) or in a query parameter. The secret comes from
/// the environment and is never logged or shown.
/// </summary>
public sealed record RestAuth
{
    public string? Header { get; init; }

    public string? QueryParameter { get; init; }

    public string? Secret { get; init; }
}
