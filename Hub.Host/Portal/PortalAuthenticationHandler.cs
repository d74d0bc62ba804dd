using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Authenticates a customer by the portal token in <c>Authorization: Bearer</c>. Access is bound to the customer
/// the token was issued for; knowing an order number gives nothing (DESIGN.md, Security). A failed attempt counts
/// against the client's address; past its limit a failed attempt gets 429, a valid token never does (issue 16 item 26).
/// </summary>
internal sealed class PortalAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    PortalTokens tokens,
    PortalFailureThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "PortalToken";
    public const string CustomerClaim = "customer";

    // Set on the request when its failed attempt was over the address's limit: the challenge answers 429.
    private const string ThrottledItem = "portal-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var kind = BearerToken.Parse(Request.Headers.Authorization, out var token);
        if (kind == BearerToken.Kind.None)
        {
            return AuthenticateResult.NoResult();
        }

        var record = kind == BearerToken.Kind.Token ? await tokens.FindAsync(token, Context.RequestAborted).ConfigureAwait(false) : null;
        if (record is null)
        {
            RecordFailure(Context, throttle);
            return AuthenticateResult.Fail("The portal token is unknown, revoked or malformed.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(PortalSessions.ApiPrincipal(record, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (await WriteThrottledAsync(Context).ConfigureAwait(false))
        {
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"portal\"";
        await Response.WriteAsJsonAsync(
            new PortalError("unauthorized", "Send your portal token as 'Authorization: Bearer <token>'. Ask your supplier for one if you have none."),
            PortalJsonContext.Default.PortalError).ConfigureAwait(false);
    }

    /// <summary>Counts a failed token attempt from the request's address, and marks the request when it is over the limit.</summary>
    public static void RecordFailure(HttpContext context, PortalFailureThrottle throttle)
    {
        if (throttle.RecordFailure(context.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } wait)
        {
            context.Items[ThrottledItem] = wait;
        }
    }

    /// <summary>True when the request's failed attempt was over its address's limit.</summary>
    public static bool IsThrottled(HttpContext context) => context.Items.ContainsKey(ThrottledItem);

    /// <summary>Answers 429 with Retry-After when the request was throttled; false (nothing written) otherwise.</summary>
    public static async Task<bool> WriteThrottledAsync(HttpContext context)
    {
        if (context.Items[ThrottledItem] is not TimeSpan wait || context.Response.HasStarted)
        {
            return false;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(
            new PortalError("too_many_failures", $"Too many wrong or revoked portal tokens from your address; try again in {seconds} seconds."),
            PortalJsonContext.Default.PortalError).ConfigureAwait(false);
        return true;
    }
}
