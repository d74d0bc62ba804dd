using System.Security.Claims;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// The portal pages' sign-in. The customer's portal token (typed in, or taken from an invitation link) is exchanged
/// for a session cookie: HttpOnly, so page script cannot read it; SameSite=Strict, so another site cannot ride on it;
/// Secure over HTTPS. The cookie names the token's hash, so revoking the token ends its sessions too. State-changing
/// session requests must carry <see cref="CsrfHeader"/>, which a foreign page cannot send without a CORS preflight.
/// </summary>
internal static class PortalSession
{
    public const string Scheme = "PortalSession";
    public const string CookieName = "hub_portal";
    public const string CsrfHeader = "X-Hub-Portal";
    private const string TokenHashClaim = "token";

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

    private static async Task<IResult> SignInAsync(SignInRequest? body, HttpContext http, PortalTokens tokens, IHubStore store, CancellationToken cancellationToken)
    {
        var token = body?.Token?.Trim() ?? string.Empty;
        var customer = token.Length == 0 ? null : await tokens.FindCustomerAsync(token, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return TypedResults.Json(
                new PortalError("bad_token", "This portal token is unknown or was revoked. Ask your supplier for a new invitation."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity(
            [new Claim(PortalAuthenticationHandler.CustomerClaim, customer), new Claim(TokenHashClaim, PortalTokens.Hash(token))], Scheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return TypedResults.Json(await DescribeAsync(customer, store, cancellationToken).ConfigureAwait(false), PortalJsonContext.Default.PortalCustomer);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
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

    // A revoked token ends the sessions made with it within the token cache's duration, as it does for API callers.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var hash = context.Principal?.FindFirstValue(TokenHashClaim);
        var customer = context.Principal?.FindFirstValue(PortalAuthenticationHandler.CustomerClaim);
        var tokens = context.HttpContext.RequestServices.GetRequiredService<PortalTokens>();
        if (hash is null || customer is null
            || !string.Equals(await tokens.FindCustomerByHashAsync(hash, context.HttpContext.RequestAborted).ConfigureAwait(false), customer, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme).ConfigureAwait(false);
        }
    }

    private static async ValueTask<object?> RequireCsrfHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
