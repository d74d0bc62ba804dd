using System.Security.Claims;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// The portal's profile pages (issue 23 item 3): <c>GET /api/portal/profile</c> and <c>POST /api/portal/profile/changes</c>,
/// bound to the customer of the token or session like every portal call. A proposal must carry the portal's
/// <c>X-Hub-Portal</c> header, which a foreign page cannot send without a CORS preflight.
/// </summary>
internal static class SelfServiceEndpoints
{
    public static IEndpointRouteBuilder MapCustomerSelfService(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/portal/profile")
            .RequireAuthorization(PortalEndpoints.AuthorizationPolicy)
            .RequireRateLimiting(PortalRateLimits.TokenPolicy);
        group.MapGet(string.Empty, GetAsync);
        group.MapPost("/changes", ProposeAsync);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(
        ClaimsPrincipal user, IHubStore hub, ICustomerChangeStore changes, HubOptions options, CancellationToken cancellationToken)
    {
        var code = CustomerOf(user);
        var customer = await hub.GetCustomerAsync(code, cancellationToken).ConfigureAwait(false);
        var contacts = await changes.ContactsAsync(code, cancellationToken).ConfigureAwait(false);
        var history = await changes.ListAsync(code, null, SelfServiceWorkflow.ListLimit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ProfileView(
            code, customer?.Name ?? code, [.. contacts.Where(c => c.RemovedAt is null).Select(ProfileContactView.Of)], customer?.DeliveryAddresses ?? [],
            customer?.Plans, history, options.Customers.SelfService.MaxPendingChanges));
    }

    private static async Task<IResult> ProposeAsync(
        HttpContext http, ClaimsPrincipal user, SelfServiceWorkflow workflow, ILogger<SelfServiceWorkflow> logger, CancellationToken cancellationToken)
    {
        var code = CustomerOf(user);
        if (!http.Request.Headers.ContainsKey(PortalSession.CsrfHeader))
        {
            return Error(StatusCodes.Status403Forbidden, "csrf", $"A change of your company's data must carry the header {PortalSession.CsrfHeader}: 1.");
        }

        var (json, unreadable) = await ProfileBody.ReadAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            SelfServiceLog.Refused(logger, code, Adapters.Abstractions.LogText.Escape(unreadable));
            return Error(StatusCodes.Status400BadRequest, "invalid_change", unreadable);
        }

        if (ProfileInput.Parse(json!.Value, out var errors) is not { } input)
        {
            var message = string.Join(" ", errors);
            SelfServiceLog.Refused(logger, code, Adapters.Abstractions.LogText.Escape(message));
            return TypedResults.Json(new { error = "invalid_change", message, errors }, statusCode: StatusCodes.Status400BadRequest);
        }

        var actor = $"customer {code} (portal token {user.FindFirstValue(PortalSessions.TokenIdClaim) ?? "?"})";
        var outcome = await workflow.ProposeAsync(code, actor, input, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Change: { } change } => TypedResults.Json(change, statusCode: outcome.Status),
            { Error: null } => TypedResults.Ok(new { values = outcome.Values, hints = outcome.Hints, suggestions = outcome.Suggestions }),
            { Error: "hints" } => TypedResults.Json(new { error = outcome.Error, message = outcome.Message, values = outcome.Values, hints = outcome.Hints, suggestions = outcome.Suggestions }, statusCode: outcome.Status),
            _ => Error(outcome.Status, outcome.Error!, outcome.Message!),
        };
    }

    private static IResult Error(int status, string code, string message) => TypedResults.Json(new PortalError(code, message), statusCode: status);

    private static string CustomerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(PortalAuthenticationHandler.CustomerClaim)
        ?? throw new InvalidOperationException("The portal policy admitted a user without a customer claim.");
}
