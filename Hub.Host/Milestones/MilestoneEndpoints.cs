using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// The signed-in customer's milestone choice (issue 23 item 2): <c>GET</c> and <c>PUT /api/portal/milestones</c>,
/// bound to the customer of the token or session like every portal call. A change must carry the portal's
/// <c>X-Hub-Portal</c> header, which a foreign page cannot send without a CORS preflight.
/// </summary>
internal static class MilestoneEndpoints
{
    // {"shipped":false,"delivered":true,"late":true,"channel":"mail"} is 64 bytes; anything much larger is not a choice.
    private const int MaxBody = 1024;
    private static readonly string[] Fields = ["shipped", "delivered", "late", "channel"];

    public static IEndpointRouteBuilder MapMilestones(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/portal/milestones")
            .RequireAuthorization(PortalEndpoints.AuthorizationPolicy)
            .RequireRateLimiting(PortalRateLimits.TokenPolicy);
        group.MapGet(string.Empty, GetAsync);
        group.MapPut(string.Empty, PutAsync);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(
        ClaimsPrincipal user, IHubStore store, IMilestoneStore milestones, MilestoneChannels channels, CancellationToken cancellationToken)
    {
        var code = CustomerOf(user);
        var customer = await store.GetCustomerAsync(code, cancellationToken).ConfigureAwait(false);
        var preferences = await milestones.GetPreferencesAsync(code, cancellationToken).ConfigureAwait(false) ?? MilestonePreferences.Default(code);
        return TypedResults.Json(Show(preferences, customer, channels), MilestoneJsonContext.Default.MilestoneChoice);
    }

    private static async Task<IResult> PutAsync(
        HttpContext http, ClaimsPrincipal user, IHubStore store, IMilestoneStore milestones, MilestoneChannels channels, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!http.Request.Headers.ContainsKey(PortalSession.CsrfHeader))
        {
            return Error(StatusCodes.Status403Forbidden, "csrf", $"A change of the milestone choice must carry the header {PortalSession.CsrfHeader}: 1.");
        }

        var code = CustomerOf(user);
        var customer = await store.GetCustomerAsync(code, cancellationToken).ConfigureAwait(false);
        var before = await milestones.GetPreferencesAsync(code, cancellationToken).ConfigureAwait(false) ?? MilestonePreferences.Default(code);
        var body = await ReadBodyAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (body.Error is { } unreadable)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_choice", unreadable);
        }

        var (choice, errors) = Apply(body.Json!.Value, before, channels.Available(customer));
        if (errors.Count > 0)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_choice", string.Join(" ", errors));
        }

        await milestones.SetPreferencesAsync(choice with { UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(Show(choice, customer, channels), MilestoneJsonContext.Default.MilestoneChoice);
    }

    /// <summary>The choice with the fields the body sets; every problem is named at once, and none is stored then.</summary>
    internal static (MilestonePreferences Choice, List<string> Errors) Apply(JsonElement body, MilestonePreferences before, IReadOnlyList<string> available)
    {
        var errors = new List<string>();
        var choice = before;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"The body must be a JSON object with {string.Join(", ", Fields)}; found {body.ValueKind}.");
            return (choice, errors);
        }

        foreach (var field in body.EnumerateObject())
        {
            switch (field.Name)
            {
                case "shipped":
                case "delivered":
                case "late":
                    if (field.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        errors.Add($"'{field.Name}' must be true or false; found {field.Value.ValueKind}.");
                        continue;
                    }

                    var on = field.Value.GetBoolean();
                    choice = field.Name switch
                    {
                        "shipped" => choice with { Shipped = on },
                        "delivered" => choice with { Delivered = on },
                        _ => choice with { Late = on },
                    };
                    break;
                case "channel":
                    var channel = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : null;
                    if (channel is null || !available.Contains(channel))
                    {
                        errors.Add(available.Count == 0
                            ? "'channel' cannot be set: your account has neither an e-mail address nor a chat robot with your supplier; ask them to add one."
                            : $"'channel' must be one of {string.Join(", ", available)} for your account.");
                        continue;
                    }

                    choice = choice with { Channel = channel };
                    break;
                default:
                    errors.Add($"Unknown field '{Shorten(field.Name)}'; the fields are {string.Join(", ", Fields)}.");
                    break;
            }
        }

        return (choice, errors);
    }

    private static async Task<(JsonElement? Json, string? Error)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxBody)
        {
            return (null, $"The body is {request.ContentLength} bytes; a milestone choice is at most {MaxBody}.");
        }

        var buffer = new byte[MaxBody + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > MaxBody)
        {
            return (null, $"The body is over {MaxBody} bytes; a milestone choice is at most {MaxBody}.");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not JSON ({ex.Message}); send {{\"shipped\": true, \"delivered\": true, \"late\": false, \"channel\": \"mail\"}}.");
        }
    }

    private static MilestoneChoice Show(MilestonePreferences preferences, Crm.Core.Customers.Customer? customer, MilestoneChannels channels) =>
        new(preferences.Shipped, preferences.Delivered, preferences.Late, channels.Resolve(customer, preferences)?.Choice, channels.Available(customer));

    private static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new PortalError(code, message), MilestoneJsonContext.Default.PortalError, statusCode: status);

    // A field name is the caller's text: shown bounded and without control characters.
    private static string Shorten(string text)
    {
        var clean = new string([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 40 ? clean + "..." : clean;
    }

    private static string CustomerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(PortalAuthenticationHandler.CustomerClaim)
        ?? throw new InvalidOperationException("The portal policy admitted a user without a customer claim.");
}
