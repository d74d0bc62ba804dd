namespace IntegrationHub.Adapters.Notifications;

/// <summary>
/// The outcome of one delivery attempt. Expected failures are values, not exceptions: the caller's retry policy
/// decides on <see cref="IsTransient"/>, never on the error's text.
/// </summary>
public sealed record DeliveryResult(bool Delivered, bool IsTransient, string? Error)
{
    /// <summary>How long the receiver asked us to wait before the next attempt (HTTP 429 Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DeliveryResult Success { get; } = new(true, false, null);

    /// <summary>A failure that may pass on a later attempt: the server was down, busy or timed out.</summary>
    public static DeliveryResult Transient(string error, TimeSpan? retryAfter = null) => new(false, true, error) { RetryAfter = retryAfter };

    /// <summary>A failure that the same attempt will meet again: wrong password, rejected recipient, bad address.</summary>
    public static DeliveryResult Permanent(string error) => new(false, false, error);
}
