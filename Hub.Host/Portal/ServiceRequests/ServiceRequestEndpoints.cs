using System.Security.Claims;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Http.Features;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>
/// "Report a problem" on the portal's machine page (issue 24 item 1): a multipart form (category, text, requestKey, up
/// to <c>MaxPhotos</c> files named <c>photos</c>) posted for one of the customer's machines, and the reports' photos,
/// served only to the ticket's customer and to the desk.
/// </summary>
internal static class ServiceRequestEndpoints
{
    // Room for the form's text fields and the multipart framing around the photos.
    private const long FormOverhead = 256 * 1024;

    private static readonly PortalError s_photoNotFound = new("photo_not_found", "No such photo was found for your account.");

    public static IEndpointRouteBuilder MapServiceRequests(this IEndpointRouteBuilder endpoints)
    {
        var portal = endpoints.MapGroup("/api/portal")
            .RequireAuthorization(PortalEndpoints.AuthorizationPolicy)
            .RequireRateLimiting(PortalRateLimits.TokenPolicy)
            .AddEndpointFilter(PortalSession.RequireCsrfHeader);
        portal.MapGet("/service-requests/categories", Categories);
        portal.MapPost("/equipment/{assetId}/requests", SubmitAsync).DisableAntiforgery();
        portal.MapGet("/tickets/{ticketNo}/photos/{photoId}", CustomerPhotoAsync);

        var desk = endpoints.MapGroup("/api/desk/tickets/{ticketNo}").RequireAuthorization(DeskAuthentication.AgentPolicy);
        desk.MapGet("/requests", DeskRequestsAsync);
        desk.MapGet("/photos/{photoId}", DeskPhotoAsync);
        return endpoints;
    }

    private static IResult Categories(HubOptions options) =>
        TypedResults.Json<IReadOnlyList<ServiceRequestCategoryView>>(
            [.. options.Portal.ServiceRequests.CategoryTable().Select(c => new ServiceRequestCategoryView(c.Name, c.Severity.ToString(), c.TextEn, c.TextZhCn))],
            ServiceRequestJsonContext.Default.IReadOnlyListServiceRequestCategoryView);

    private static async Task<IResult> SubmitAsync(
        string assetId, HttpContext http, ClaimsPrincipal user, HubOptions options, ServiceRequestIntake intake, PhotoIntake photos, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        var settings = options.Portal.ServiceRequests;
        if (!http.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_form", "Send the report as multipart/form-data: category, text, requestKey and up to the photo limit of files named photos.");
        }

        // The server's default body limit (30 MB) is not this form's: photos up to their limit, and no more.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = (settings.MaxPhotos * settings.Photos.MaxBytes) + FormOverhead;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
            {
                MultipartBodyLengthLimit = (settings.MaxPhotos * settings.Photos.MaxBytes) + FormOverhead,
                ValueCountLimit = 16,
                ValueLengthLimit = settings.MaxTextLength * 4,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "form_too_large",
                $"The report is larger than this portal takes: up to {settings.MaxPhotos} photos of {settings.Photos.MaxBytes} bytes each, and {settings.MaxTextLength} characters of text.");
        }

        var draft = new ServiceRequestDraft
        {
            CustomerCode = customer,
            AssetId = assetId.Trim(),
            Category = form["category"].ToString(),
            Text = form["text"].ToString(),
            Channel = "portal",
            RequestKey = form["requestKey"].ToString(),
        };
        if (form.Files.Count > settings.MaxPhotos)
        {
            return Error(StatusCodes.Status400BadRequest, "too_many_photos", $"A report takes at most {settings.MaxPhotos} photos; this one has {form.Files.Count}.");
        }

        // Checked before any photo is written: an unknown machine, a bad category or text stores nothing.
        if (intake.Check(draft) is { } invalid)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request", invalid.Error!);
        }

        if (!await intake.OwnsAsync(customer, draft.AssetId, cancellationToken).ConfigureAwait(false))
        {
            return Outcome(ServiceRequestOutcome.UnknownAsset);
        }

        // Every photo is checked in memory first: a refused one leaves no file of the others.
        var owner = PhotoOwner.Customer(customer);
        var prepared = new List<PreparedPhoto>(form.Files.Count);
        foreach (var file in form.Files)
        {
            try
            {
                await using var content = file.OpenReadStream();
                prepared.Add(await photos.PrepareAsync(content, file.FileName, owner, cancellationToken).ConfigureAwait(false));
            }
            catch (PhotoRejectedException e)
            {
                return PhotoError(e);
            }
        }

        // A replayed key is answered from the first request, and a customer over the photo budget is refused: neither writes a file.
        if (await intake.ScreenAsync(customer, draft.RequestKey, prepared.Count, prepared.Sum(p => p.Photo.Length), cancellationToken).ConfigureAwait(false) is { } early)
        {
            return Outcome(early);
        }

        var created = new List<StoredPhoto>(prepared.Count);
        ServiceRequestOutcome? outcome = null;
        try
        {
            foreach (var photo in prepared)
            {
                photos.EnsureRoomFor(photo.Photo.Length, owner);
                if (await photos.StoreAsync(photo, owner, cancellationToken).ConfigureAwait(false))
                {
                    created.Add(photo.Photo);
                }
            }

            outcome = await intake.SubmitAsync(draft with { Photos = [.. prepared.Select(p => p.Photo)] }, cancellationToken).ConfigureAwait(false);
            return Outcome(outcome);
        }
        catch (PhotoRejectedException e)
        {
            return PhotoError(e);
        }
        finally
        {
            // Files this request created and did not keep (a photo refused, the same key stored meanwhile, the machine
            // gone): removed. A replay stored meanwhile sent the same form, whose photos the first request keeps.
            if (outcome?.Status != ServiceRequestStatus.Opened)
            {
                foreach (var photo in created.Where(p => outcome?.KeptPhotoIds.Contains(p.Id) != true))
                {
                    photos.Forget(photo);
                }
            }
        }
    }

    private static IResult PhotoError(PhotoRejectedException e)
    {
        var status = PhotoProblemCodes.StatusOf(e.Problem);
        return Error(status, PhotoProblemCodes.Of(e.Problem), e.Message);
    }

    private static async Task<IResult> CustomerPhotoAsync(
        string ticketNo, string photoId, HttpContext http, ClaimsPrincipal user, IRulesStore rulesStore, PhotoIntake photos, CancellationToken cancellationToken)
    {
        // Another customer's ticket, an unknown one, and a photo of neither: one answer.
        var customer = CustomerOf(user);
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null || !string.Equals(ticket.CustomerCode, customer, StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status404NotFound, s_photoNotFound.Error, s_photoNotFound.Message);
        }

        return await PhotoAsync(http, tx, ticketNo, photoId, photos, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> DeskPhotoAsync(string ticketNo, string photoId, HttpContext http, IRulesStore rulesStore, PhotoIntake photos, CancellationToken cancellationToken)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await PhotoAsync(http, tx, ticketNo, photoId, photos, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> DeskRequestsAsync(string ticketNo, IRulesStore rulesStore, CancellationToken cancellationToken)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var requests = await tx.ServiceRequestsOfTicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json<IReadOnlyList<ServiceRequestView>>(
            [.. requests.Select(r => new ServiceRequestView(r.AssetId, r.Category, r.Channel, r.Text, r.CreatedAt,
                [.. r.Photos.Select(p => new ServiceRequestPhotoView(p.Id, p.ContentType, p.Width, p.Height, p.Length,
                    $"/api/desk/tickets/{Uri.EscapeDataString(ticketNo)}/photos/{p.Id}"))]))],
            ServiceRequestJsonContext.Default.IReadOnlyListServiceRequestView);
    }

    // The ticket's photos: the customers' and, since the engineers' service reports carry photos, theirs too. A photo of
    // a customer's site is never kept by a shared proxy or left in a shared computer's browser cache.
    private static async Task<IResult> PhotoAsync(HttpContext http, IRulesUnitOfWork tx, string ticketNo, string photoId, PhotoIntake photos, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        return await TicketPhotos.ServeAsync(tx, ticketNo, photoId, photos, cancellationToken).ConfigureAwait(false)
            ?? Error(StatusCodes.Status404NotFound, s_photoNotFound.Error, s_photoNotFound.Message);
    }

    private static IResult Outcome(ServiceRequestOutcome outcome) => outcome.Status switch
    {
        ServiceRequestStatus.Opened => TypedResults.Json(new ServiceRequestCreated(outcome.TicketNo!, false),
            ServiceRequestJsonContext.Default.ServiceRequestCreated, statusCode: StatusCodes.Status201Created),
        ServiceRequestStatus.Replayed => TypedResults.Json(new ServiceRequestCreated(outcome.TicketNo!, true),
            ServiceRequestJsonContext.Default.ServiceRequestCreated),
        ServiceRequestStatus.UnknownAsset => Error(StatusCodes.Status404NotFound, "equipment_not_found", outcome.Error!),
        ServiceRequestStatus.OverPhotoBudget => Error(StatusCodes.Status429TooManyRequests, "photo_budget", outcome.Error!),
        _ => Error(StatusCodes.Status400BadRequest, "bad_request", outcome.Error!),
    };

    private static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new PortalError(code, message), PortalJsonContext.Default.PortalError, statusCode: status);

    private static string CustomerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(PortalAuthenticationHandler.CustomerClaim)
        ?? throw new InvalidOperationException("The portal policy admitted a user without a customer claim.");
}
