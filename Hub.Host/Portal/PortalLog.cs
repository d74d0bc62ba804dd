namespace IntegrationHub.Hub.Host.Portal;

/// <summary>Portal session, live-page and throttling messages; event ids 2140-2149 are stable for alerting (issue 16).</summary>
internal static partial class PortalLog
{
    [LoggerMessage(2140, LogLevel.Information, "Portal page session of token {TokenId} signed out; session ended")]
    public static partial void SignedOut(ILogger logger, string tokenId);

    [LoggerMessage(2141, LogLevel.Information, "Portal live page of token {TokenId} closed: the token was revoked or the page session ended")]
    public static partial void LivePageClosed(ILogger logger, string tokenId);

    [LoggerMessage(2142, LogLevel.Warning, "Portal: {Failures} failed token attempts from {Address} within a minute; its failed attempts get 429 until the minute ends (valid tokens from it are still served)")]
    public static partial void FailuresThrottled(ILogger logger, int failures, string address);
}
