using System.Security.Claims;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Photos;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Hub.Host.Field;

internal static partial class FieldEndpoints
{
    /// <summary>
    /// A photo of a ticket the engineer may see: the customer's report photos and the service reports' photos. Another
    /// engineer's ticket, an unknown ticket, an unknown photo and a photo of another ticket get one and the same answer.
    /// </summary>
    private static async Task<IResult> PhotoAsync(string ticketNo, string photoId, HttpContext http, ClaimsPrincipal user, FieldContext context, [FromServices] PhotoIntake photos, CancellationToken cancellationToken)
    {
        if (Engineer(user, context.Access, context.Logger, out var engineer) is { } refused)
        {
            return refused;
        }

        // A photo of a customer's site: never kept by a shared proxy or in the phone's browser cache.
        http.Response.Headers.CacheControl = "private, no-store";
        await using var tx = await context.RulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var served = await VisibleAsync(tx, engineer, ticketNo, context.Logger, cancellationToken).ConfigureAwait(false) is null
            ? null
            : await TicketPhotos.ServeAsync(tx, ticketNo, photoId, photos, cancellationToken).ConfigureAwait(false);
        if (served is null)
        {
            FieldLog.PhotoNotServed(context.Logger, engineer.Id, LogText.Escape(DeskRequestValidation.Shown(ticketNo)), LogText.Escape(DeskRequestValidation.Shown(photoId)));
            return TypedResults.Json(new DeskError("photo_not_found", "No such photo was found on your tickets."), statusCode: StatusCodes.Status404NotFound);
        }

        return served;
    }
}
