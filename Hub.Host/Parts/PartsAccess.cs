using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// Who may use the spare-parts endpoints: desk agents, supervisors and admins on any ticket; an engineer of the roster
/// only on the tickets the phone page shows them (<see cref="FieldAccess.MaySee"/>), any other ticket answered as an
/// unknown one so that other engineers' ticket numbers cannot be probed; an engineer desk user on no roster is refused.
/// </summary>
internal static class PartsAccess
{
    public const string Policy = "desk-parts";

    public static void AddPolicy(Microsoft.AspNetCore.Authorization.AuthorizationOptions options) =>
        options.AddPolicy(Policy, p => p.AddAuthenticationSchemes(DeskAuthentication.Scheme)
            .RequireRole(nameof(DeskRole.Agent), nameof(DeskRole.Supervisor), nameof(DeskRole.Admin), nameof(DeskRole.Engineer)));

    public static async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.User.IsInRole(nameof(DeskRole.Engineer)))
        {
            return await next(context).ConfigureAwait(false);
        }

        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILogger<FieldAccess>>();
        var name = DeskAuthentication.UserName(http.User);
        if (services.GetRequiredService<FieldAccess>().EngineerOf(name) is not { } engineer)
        {
            FieldLog.NotOnRoster(logger, LogText.Escape(name));
            return TypedResults.Json(
                new DeskError("not_on_roster", $"The desk user {DeskRequestValidation.Shown(name)} is no engineer of Hub:Rules:Roster; ask an admin to add it."),
                statusCode: StatusCodes.Status403Forbidden);
        }

        http.Items[typeof(FieldEngineer)] = engineer;
        // A part request reads the ticket in its own transaction anyway (PartRequestWorkflow): it checks the engineer
        // there, so the ticket is read once and the check holds for the state the request is recorded against.
        var checkedByHandler = http.GetEndpoint()?.Metadata.GetMetadata<TicketCheckedByHandler>() is not null;
        if (!checkedByHandler && http.Request.RouteValues.TryGetValue("ticketNo", out var value) && value is string ticketNo)
        {
            await using var tx = await services.GetRequiredService<IRulesStore>().BeginAsync(http.RequestAborted).ConfigureAwait(false);
            var ticket = await tx.TicketAsync(ticketNo, http.RequestAborted).ConfigureAwait(false);
            if (ticket is null || !FieldAccess.MaySee(engineer, ticket))
            {
                FieldLog.NotTheirs(logger, engineer.Id, LogText.Escape(ticketNo));
                return TypedResults.Json(new DeskError("not_found", NotFound(ticketNo)), statusCode: StatusCodes.Status404NotFound);
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The engineer the request is made by, as <see cref="CheckAsync"/> found them; null for desk agents, supervisors and admins.</summary>
    public static FieldEngineer? EngineerOf(HttpContext http) => http.Items.TryGetValue(typeof(FieldEngineer), out var engineer) ? engineer as FieldEngineer : null;

    /// <summary>The answer to an engineer for a ticket that is unknown or not theirs: the same words for both, so numbers cannot be probed.</summary>
    public static string NotFound(string ticketNo) => $"Ticket {DeskRequestValidation.Shown(ticketNo)} was not found.";

    /// <summary>Endpoint metadata: the handler checks the engineer's access to the route's ticket itself, in its own transaction.</summary>
    public sealed class TicketCheckedByHandler;
}
