using System.Security.Claims;
using IntegrationHub.Hub.Host.Desk.Ldap;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Desk sign-in: a cookie session (HttpOnly, SameSite=Strict, Secure over HTTPS) after a user name and password.
/// State-changing desk requests must carry the <see cref="CsrfHeader"/> header: a page of another site cannot send a
/// custom header without a CORS preflight, which the hub never grants, so a forged form post is refused.
/// </summary>
internal static class DeskAuthentication
{
    public const string Scheme = "Desk";
    public const string AgentPolicy = "desk-agent";
    public const string SupervisorPolicy = "desk-supervisor";
    public const string AdminPolicy = "desk-admin";
    public const string SignInLimit = "desk-sign-in";
    public const string CsrfHeader = "X-Hub-Desk";

    public static IServiceCollection AddHubDesk(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "hub_desk";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            // An API answers 401/403; it does not redirect to a sign-in page.
            cookie.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<HubOptions>((cookie, hub) => cookie.ExpireTimeSpan = hub.Desk.SessionDuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(AgentPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(DeskRole.Agent), nameof(DeskRole.Supervisor), nameof(DeskRole.Admin)))
            .AddPolicy(SupervisorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(DeskRole.Supervisor), nameof(DeskRole.Admin)))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(DeskRole.Admin)));
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
            "desk-sign-in:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddSingleton<DeskUsers>();
        services.TryAddSingleton<RecentChecks>();
        services.AddSingleton<DeskSessions>();
        services.AddSingleton<LdapDirectory>();
        services.AddSingleton<DeskSignIn>();
        // Priorities, states and statuses by name in the desk's JSON, as everywhere else in the hub's API.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }

    public static string UserName(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    // Issue 16 item 3: every request's cookie is checked against the user table and the session table (cached for
    // Hub:Desk:SessionCheckInterval), so sign-out, demotion, a new password, disable and delete take effect at once.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<DeskSessions>();
        var refusal = context.Principal is { } principal
            ? await sessions.RefusalAsync(principal, context.HttpContext.RequestAborted).ConfigureAwait(false)
            : "no principal";
        if (refusal is null)
        {
            return;
        }

        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeskSessions));
        DeskLog.SessionRefused(logger, context.Principal?.Identity?.Name ?? "unknown", refusal);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme).ConfigureAwait(false);
    }

    private static Task Status(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
