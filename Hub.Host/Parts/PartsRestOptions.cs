namespace IntegrationHub.Hub.Host.Parts;

/// <summary>The ERP's REST endpoint for part requests (<c>Hub:Parts:Export:Rest</c>), instead of an import folder.</summary>
internal sealed record PartsRestOptions
{
    /// <summary>
    /// The address each part request is POSTed to as JSON, http or https; with an <c>Idempotency-Key</c> header of the
    /// request number, the same on every attempt, so the ERP can drop a repeat. A redirect is not followed (the request
    /// and its credentials would go elsewhere): the message is dead-lettered naming where it pointed. None by default; a
    /// site sets this or <c>Hub:Parts:Export:Folder</c>, not both.
    /// </summary>
    public string? Url { get; init; }

    /// <summary>
    /// The request header that carries the ERP's credential, e.g. <c>Authorization</c> or <c>X-Api-Key</c>; its value
    /// comes from the environment variable <see cref="AuthEnvironmentVariable"/>, never from a settings file, and is
    /// never logged. None by default: no credential is sent.
    /// </summary>
    public string? AuthHeader { get; init; }

    /// <summary>
    /// The environment variable holding the value of <see cref="AuthHeader"/>, e.g. <c>HUB_ERP_TOKEN</c> holding
    /// <c>Bearer eyJ…</c>. Required with <see cref="AuthHeader"/>; checked at start (set, not empty, no line breaks or
    /// other control characters).
    /// </summary>
    public string? AuthEnvironmentVariable { get; init; }

    /// <summary>How long one attempt waits for the ERP's answer; an attempt that gets none is retried by the outbox.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
