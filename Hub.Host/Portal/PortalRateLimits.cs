using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// The per-token limit on portal lookups, answered with 429 and Retry-After, so a leaked token cannot be used to
/// scrape. It runs after authentication and is keyed on the token's id (issue 16 item 7: keyed on the header's text,
/// <c>bearer</c> or two spaces made a new allowance), so a token's API calls and its page sessions share one limit.
/// Requests without a valid token are keyed on their address; their failed attempts are throttled per address by
/// <see cref="PortalFailureThrottle"/> (issue 16 item 26), which never refuses a valid token.
/// </summary>
internal static class PortalRateLimits
{
    public const string TokenPolicy = "portal-token";

    public static void Configure(RateLimiterOptions limiter, PortalOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = OnRejectedAsync;
        limiter.AddPolicy(TokenPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            context.User.FindFirstValue(PortalSessions.TokenIdClaim) is { } tokenId
                ? "token:" + tokenId
                : "anonymous:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => PerMinute(options.RequestsPerMinutePerToken)));
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.HttpContext.Response.WriteAsJsonAsync(
            new PortalError("too_many_requests", $"Too many requests; try again in {seconds} seconds."),
            PortalJsonContext.Default.PortalError,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
