using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using IntegrationHub.Hub.Host.Hosting;
using Microsoft.AspNetCore.RateLimiting;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Two limits on portal lookups, both answered with 429 and Retry-After: per token (a leaked token cannot be used
/// to scrape) and per client address, whatever the token (order-number and token guessing are slowed). They run
/// before authentication, so failed attempts count too.
/// </summary>
internal static class PortalRateLimits
{
    public const string TokenPolicy = "portal-token";

    public static void Configure(RateLimiterOptions limiter, PortalOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = OnRejectedAsync;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Path.StartsWithSegments("/api/portal", StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => PerMinute(options.RequestsPerMinutePerAddress))
                : RateLimitPartition.GetNoLimiter(string.Empty));
        limiter.AddPolicy(TokenPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            "token:" + TokenKey(context.Request.Headers.Authorization.FirstOrDefault() ?? context.Request.Cookies[PortalSession.CookieName]),
            _ => PerMinute(options.RequestsPerMinutePerToken)));
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>A short hash of the Authorization header (or of the page session's cookie), so the limiter holds no token.</summary>
    private static string TokenKey(string? authorization) => string.IsNullOrEmpty(authorization)
        ? "none"
        : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)), 0, 12);

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
