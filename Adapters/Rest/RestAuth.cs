namespace IntegrationHub.Adapters.Rest;

/// <summary>
/// How a source proves who is asking (<c>Hub:Rest:Sources:N:Auth</c>): a secret in a header (for example
/// <c>Authorization</c> with <c>Bearer …</c>, or <c>X-Api-Key</c>) or in a query parameter. The secret comes from
/// the environment and is never logged or shown.
/// </summary>
public sealed record RestAuth
{
    /// <summary>
    /// The request header that carries <see cref="Secret"/> as it is written, e.g. <c>Authorization</c> (the secret
    /// then holds <c>Bearer …</c>) or <c>X-Api-Key</c>. Not with <see cref="QueryParameter"/> (checked at start); neither
    /// sends no credentials.
    /// </summary>
    public string? Header { get; init; }

    /// <summary>
    /// The query parameter that carries <see cref="Secret"/>, e.g. <c>api_key</c>, for an API that takes its key in the
    /// address; the address the hub logs shows <c>***</c> in its place. Not with <see cref="Header"/> (checked at start).
    /// </summary>
    public string? QueryParameter { get; init; }

    /// <summary>
    /// The key or token sent in <see cref="Header"/> or <see cref="QueryParameter"/>; required when either is set
    /// (checked at start). Set it through the environment (<c>Hub__Rest__Sources__0__Auth__Secret</c>), not in a
    /// settings file.
    /// </summary>
    public string? Secret { get; init; }
}
