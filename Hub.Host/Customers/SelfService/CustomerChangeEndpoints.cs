using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// The desk's "Customer changes" (issue 23 item 3): the changes customers proposed, old and new values side by side, and
/// approve or reject with a reason. Supervisors and admins only, with the desk's CSRF header on every decision.
/// </summary>
internal static class CustomerChangeEndpoints
{
    /// <summary>The longest reason kept with a decision.</summary>
    public const int MaxReasonLength = 500;

    private static readonly string[] Statuses = [ProfileChangeStatus.Pending, ProfileChangeStatus.Approved, ProfileChangeStatus.Rejected, "all"];

    public static IEndpointRouteBuilder MapCustomerChangeDesk(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/desk/customer-changes")
            .RequireAuthorization(DeskAuthentication.SupervisorPolicy)
            .AddEndpointFilter(DeskEndpoints.RequireCsrfHeader);
        group.MapGet(string.Empty, ListAsync);
        group.MapPost("/{changeId}/approve", (string changeId, HttpContext http, ClaimsPrincipal user, SelfServiceWorkflow workflow, CancellationToken ct) =>
            DecideAsync(changeId, http, user, workflow, approve: true, ct));
        group.MapPost("/{changeId}/reject", (string changeId, HttpContext http, ClaimsPrincipal user, SelfServiceWorkflow workflow, CancellationToken ct) =>
            DecideAsync(changeId, http, user, workflow, approve: false, ct));
        return endpoints;
    }

    private static async Task<IResult> ListAsync(string? status, string? customer, ICustomerChangeStore changes, CancellationToken cancellationToken)
    {
        status ??= ProfileChangeStatus.Pending;
        if (!Statuses.Contains(status, StringComparer.Ordinal))
        {
            return Invalid($"status is '{ProfileInput.Visible(status, 40)}'; use one of {string.Join(", ", Statuses)}.");
        }

        var list = await changes.ListAsync(customer, status == "all" ? null : status, SelfServiceWorkflow.ListLimit, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> DecideAsync(string changeId, HttpContext http, ClaimsPrincipal user, SelfServiceWorkflow workflow, bool approve, CancellationToken cancellationToken)
    {
        var (json, unreadable) = await ProfileBody.ReadAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return Invalid(unreadable);
        }

        string? reason = null;
        var body = json!.Value;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The body must be a JSON object: {\"reason\": \"...\"}.");
        }

        if (body.TryGetProperty("reason", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.String)
            {
                return Invalid($"reason must be text; found {given.ValueKind}.");
            }

            reason = given.GetString()!.Trim();
            if (reason.Length > MaxReasonLength)
            {
                return Invalid($"reason is {reason.Length} characters long; at most {MaxReasonLength}.");
            }

            if (reason.Any(c => char.IsControl(c) && c != '\n'))
            {
                return Invalid("reason holds a control character; remove it.");
            }
        }

        if (!approve && string.IsNullOrEmpty(reason))
        {
            return Invalid("A rejection needs a reason: the customer sees it.");
        }

        var name = DeskAuthentication.UserName(user);
        var outcome = approve
            ? await workflow.ApproveAsync(changeId, name, string.IsNullOrEmpty(reason) ? null : reason, cancellationToken).ConfigureAwait(false)
            : await workflow.RejectAsync(changeId, name, reason!, cancellationToken).ConfigureAwait(false);
        return outcome.Result switch
        {
            ProfileDecisionOutcome.DecidedResult => TypedResults.Ok(outcome.Change),
            ProfileDecisionOutcome.NotFoundResult => TypedResults.Json(new DeskError("not_found", $"No customer change {ProfileInput.Visible(changeId, 60)}."), statusCode: StatusCodes.Status404NotFound),
            ProfileDecisionOutcome.AlreadyDecidedResult => TypedResults.Json(
                new DeskError("already_decided", $"Change {outcome.Change!.ChangeId} was {outcome.Change.Status} by {outcome.Change.DecidedBy} already; nothing was done again."),
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Json(new DeskError("stale", outcome.Conflict ?? "The change cannot be applied."), statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static IResult Invalid(string message) =>
        TypedResults.Json(new DeskError("invalid_request", message), statusCode: StatusCodes.Status400BadRequest);
}
