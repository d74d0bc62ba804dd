using System.Security.Claims;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// The portal pages' sign-in. The customer's portal token (typed in, or taken from an invitation link) is exchanged
/// for a session cookie: HttpOnly, so page script cannot read it; SameSite=Strict, so another site cannot ride on it;
/// Secure over HTTPS. The cookie names a server-side session, ended by sign-out, and the token's hash, so revoking the
/// token ends its sessions too. State-changing
/// session requests must carry <see cref="CsrfHeader"/>, which a foreign page cannot send without a CORS preflight.
/// </summary>
internal static class PortalSession
{
    public const string Scheme = "PortalSession";
    public const string CookieName = "hub_portal";
    public const string CsrfHeader = "X-Hub-Portal";

    public static AuthenticationBuilder AddPortalSession(this AuthenticationBuilder authentication, PortalOptions options) =>
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.SessionDuration;
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });

    public static IEndpointRouteBuilder MapPortalSession(this IEndpointRouteBuilder endpoints)
    {
        var session = endpoints.MapGroup("/api/portal/session").AddEndpointFilter(RequireCsrfHeader);
        session.MapPost("/", SignInAsync).AllowAnonymous();
        session.MapDelete("/", (Func<HttpContext, Task<IResult>>)SignOutAsync).AllowAnonymous();
        // Asked by every page load: "not signed in" is an answer (204), not an error for the browser to report.
        session.MapGet("/", WhoAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        SignInRequest? body, HttpContext http, PortalTokens tokens, PortalSessions sessions, PortalFailureThrottle throttle, IHubStore store,
        CancellationToken cancellationToken)
    {
        var token = body?.Token?.Trim() ?? string.Empty;
        var record = token.Length == 0 ? null : await tokens.FindAsync(token, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            // Issue 16 item 26: a wrong token counts against the address; past its limit the answer is 429.
            PortalAuthenticationHandler.RecordFailure(http, throttle);
            if (await PortalAuthenticationHandler.WriteThrottledAsync(http).ConfigureAwait(false))
            {
                return TypedResults.Empty;
            }

            return TypedResults.Json(
                new PortalError("bad_token", "This portal token is unknown or was revoked. Ask your supplier for a new invitation."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status401Unauthorized);
        }

        await http.SignInAsync(Scheme, await sessions.StartAsync(record, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return TypedResults.Json(await DescribeAsync(record.CustomerCode, store, cancellationToken).ConfigureAwait(false), PortalJsonContext.Default.PortalCustomer);
    }

    // Issue 16 item 3: the session ends in the store too, so a copy of the cookie is refused afterwards.
    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        var session = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        if (session.Principal is { } principal
            && await http.RequestServices.GetRequiredService<PortalSessions>().EndAsync(principal, http.RequestAborted).ConfigureAwait(false))
        {
            PortalLog.SignedOut(
                http.RequestServices.GetRequiredService<ILogger<PortalSessions>>(), principal.FindFirstValue(PortalSessions.TokenIdClaim) ?? "unknown");
        }

        await http.SignOutAsync(Scheme).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> WhoAsync(HttpContext http, IHubStore store, CancellationToken cancellationToken)
    {
        var session = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        var customer = session.Principal?.FindFirstValue(PortalAuthenticationHandler.CustomerClaim);
        if (!session.Succeeded || customer is null)
        {
            return TypedResults.NoContent();
        }

        return TypedResults.Json(await DescribeAsync(customer, store, cancellationToken).ConfigureAwait(false), PortalJsonContext.Default.PortalCustomer);
    }

    private static async Task<PortalCustomer> DescribeAsync(string customerCode, IHubStore store, CancellationToken cancellationToken)
    {
        var customer = await store.GetCustomerAsync(customerCode, cancellationToken).ConfigureAwait(false);
        return new PortalCustomer(customerCode, customer?.Name ?? customerCode, customer?.Language);
    }

    // A revoked token ends the sessions made with it within the token cache's duration, as it does for API callers;
    // a signed-out session ends at once in this process, within that duration on other nodes (issue 16 item 3).
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<PortalSessions>();
        if (context.Principal is null || !await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme).ConfigureAwait(false);
        }
    }

    internal static async ValueTask<object?> RequireCsrfHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && !context.HttpContext.Request.Headers.ContainsKey(CsrfHeader))
        {
            return TypedResults.Json(
                new PortalError("csrf", $"Portal session requests must carry the header {CsrfHeader}: 1."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context).ConfigureAwait(false);
    }

    // The portal policy challenges the token scheme too, which has already written its 401 with an explanation.
    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Response.HasStarted && !PortalAuthenticationHandler.IsThrottled(context.HttpContext))
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
