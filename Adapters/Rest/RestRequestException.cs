namespace IntegrationHub.Adapters.Rest;

/// <summary>A page that could not be read: the API's status or a response the source's settings cannot make sense of.</summary>
internal sealed class RestRequestException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    /// <summary>How long the API asked to wait (429 or 503 with Retry-After).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
