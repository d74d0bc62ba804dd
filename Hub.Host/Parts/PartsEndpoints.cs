using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// Spare parts for field engineers (issue 24 item 3): an item's availability from the imported stock, a part request on
/// a ticket, and the ticket's requests for the desk. The phone page calls the first two; their shapes are its contract.
/// </summary>
internal static class PartsEndpoints
{
    /// <summary>The largest request body read; 50 lines of 64-character codes fit many times over.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Who may call these endpoints: the one place to change it. Desk users of every role, with the desk's CSRF header;
    /// an engineer only on their own tickets (<see cref="PartsAccess"/>).
    /// </summary>
    private static RouteGroupBuilder Authorize(RouteGroupBuilder field) =>
        field.RequireAuthorization(PartsAccess.Policy).AddEndpointFilter(DeskEndpoints.RequireCsrfHeader).AddEndpointFilter(PartsAccess.CheckAsync);

    public static IEndpointRouteBuilder MapPartsApi(this IEndpointRouteBuilder endpoints)
    {
        var field = Authorize(endpoints.MapGroup("/api/field"));
        field.MapGet("/parts/{itemCode}", AvailabilityAsync);
        field.MapPost("/tickets/{ticketNo}/parts", RequestAsync).WithMetadata(new PartsAccess.TicketCheckedByHandler());
        field.MapGet("/tickets/{ticketNo}/parts", ListAsync);
        return endpoints;
    }

    private static async Task<IResult> AvailabilityAsync(string itemCode, IPartRequestStore store, CancellationToken cancellationToken)
    {
        var code = itemCode.Trim();
        if (PartRequestInput.ItemCodeProblem(code) is { } problem)
        {
            return Invalid($"The item code {problem}.");
        }

        var levels = await store.StockAsync(code, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(PartAvailability.Of(code, levels));
    }

    private static async Task<IResult> RequestAsync(
        string ticketNo, HttpRequest http, ClaimsPrincipal user, PartRequestWorkflow workflow, ILogger<PartRequestWorkflow> logger, CancellationToken cancellationToken)
    {
        var name = DeskAuthentication.UserName(user);
        if (await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return Refuse(logger, ticketNo, name, $"The body must be JSON of at most {MaxBodyBytes / 1024} KiB: {{\"requestId\", \"lines\": [{{\"itemCode\", \"quantity\"}}]}}.");
        }

        using (body)
        {
            if (PartRequestInput.Parse(body.RootElement, out var problem) is not { } input)
            {
                return Refuse(logger, ticketNo, name, problem!);
            }

            var outcome = await workflow.RequestAsync(ticketNo, input, name, PartsAccess.EngineerOf(http.HttpContext), cancellationToken).ConfigureAwait(false);
            return outcome.Answer is { } answer
                ? TypedResults.Ok(answer)
                : TypedResults.Json(new DeskError(outcome.Error!, outcome.Message!), statusCode: outcome.Error switch
                {
                    "not_found" => StatusCodes.Status404NotFound,
                    _ => StatusCodes.Status409Conflict,
                });
        }
    }

    private static async Task<IResult> ListAsync(string ticketNo, IPartRequestStore store, CancellationToken cancellationToken)
    {
        var requests = await store.ListAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(requests.Select(r => new PartRequestView(r.RequestNo, r.RequestedBy, r.RequestedAt, r.Lines)).ToList());
    }

    /// <summary>The body as JSON, or null when it is longer than <see cref="MaxBodyBytes"/> or not JSON.</summary>
    private static async Task<JsonDocument?> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (http.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Refuse(ILogger logger, string ticketNo, string user, string reason)
    {
        PartsLog.Refused(logger, LogText.Escape(ticketNo), LogText.Escape(user), LogText.Escape(reason));
        return Invalid(reason);
    }

    private static IResult Invalid(string message) =>
        TypedResults.Json(new DeskError("invalid_request", message), statusCode: StatusCodes.Status400BadRequest);
}
