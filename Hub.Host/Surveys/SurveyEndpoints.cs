using System.Globalization;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Http.Features;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// The survey's HTTP surface (issue 24 item 5). The survey page's two calls take no portal sign-in (the link's token is
/// the credential, sent in the body so that it never lands in a log); every link that cannot be answered gets the same
/// 404 and body. The desk's report is for supervisors and admins.
/// </summary>
internal static class SurveyEndpoints
{
    /// <summary>The one answer for a link that is unknown, forged, for another ticket, used or expired.</summary>
    public static readonly PortalError UnknownLink = new("unknown_link", "This survey link is unknown, was already used, or has expired.");

    // Months a report may span: three years of monthly rows.
    private const int MaxMonths = 36;

    public static IEndpointRouteBuilder MapSurveyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous (the link's token is the key): the portal's limit per client address, as its sibling endpoints have
        // per token, so nobody can try tokens or post answers as fast as the network allows.
        var page = endpoints.MapGroup("/api/portal/survey").AllowAnonymous().RequireRateLimiting(PortalRateLimits.TokenPolicy);
        page.MapPost("/open", OpenAsync);
        page.MapPost("/answer", AnswerAsync);
        endpoints.MapGet("/api/desk/surveys", ReportAsync).RequireAuthorization(DeskAuthentication.SupervisorPolicy);
        return endpoints;
    }

    private static async Task<IResult> OpenAsync(HttpContext context, SurveyAnswers surveys, PortalFailureThrottle throttle, ILogger<SurveyAnswers> logger, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false);
        var (request, problem) = body is { } json ? SurveyRequest.ReadToken(json) : (null, bodyProblem);
        if (request is null)
        {
            return Invalid(problem!, logger);
        }

        return await surveys.OpenAsync(request.Token, cancellationToken).ConfigureAwait(false) is { } view
            ? TypedResults.Ok(view)
            : Unknown(context, throttle, logger);
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, SurveyAnswers surveys, PortalFailureThrottle throttle, ILogger<SurveyAnswers> logger, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false);
        var (request, problem) = body is { } json ? SurveyRequest.ReadAnswer(json) : (null, bodyProblem);
        if (request?.Answer is not { } answer)
        {
            return Invalid(problem!, logger);
        }

        return await surveys.SubmitAsync(request.Token, answer, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Ok(new { answered = true })
            : Unknown(context, throttle, logger);
    }

    private static async Task<IResult> ReportAsync(
        IRulesStore store, HubOptions options, TimeProvider time, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        var zone = NotificationPlanner.FindZone(options.Notifications.TimeZone);
        var thisMonth = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        thisMonth = new DateOnly(thisMonth.Year, thisMonth.Month, 1);
        var problems = new List<string>();
        var last = ParseMonth(to, "to", thisMonth, problems);
        var first = ParseMonth(from, "from", last.AddMonths(-11), problems);
        if (problems.Count == 0 && (first > last || first.AddMonths(MaxMonths) <= last))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"from ({first:yyyy-MM}) must not be after to ({last:yyyy-MM}), and the range is at most {MaxMonths} months."));
        }

        if (problems.Count > 0)
        {
            return TypedResults.Json(new DeskError("invalid_request", string.Join(" ", problems)), statusCode: StatusCodes.Status400BadRequest);
        }

        var months = Enumerable.Range(0, ((last.Year - first.Year) * 12) + last.Month - first.Month + 1)
            .Select(i => first.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var answered = tx is ISurveyUnitOfWork surveys
            ? await surveys.SurveyAnswersAsync(SurveyReport.MonthStart(first, zone), SurveyReport.MonthStart(last.AddMonths(1), zone), SurveyDeskPage.MaxAnswers, cancellationToken).ConfigureAwait(false)
            : [];
        var low = options.Portal.Survey;
        return TypedResults.Ok(new SurveyDeskPage(
            months[0], months[^1], zone.Id, answered.Count >= SurveyDeskPage.MaxAnswers, SurveyReport.Build(answered, months, zone),
            [.. answered.Take(SurveyDeskPage.ListedAnswers).Select(a => new SurveyDeskAnswer(
                a.TicketNo, a.CustomerCode, a.Engineer, a.Category, a.AnsweredAt!.Value, a.Answer!.Rating, a.Answer.Score, a.Answer.Comment,
                SurveyFollowUps.IsLow(a.Answer, low), a.FollowUpTicketNo))]));
    }

    private static DateOnly ParseMonth(string? text, string name, DateOnly fallback, List<string> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (text.Length == 7 && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return month;
        }

        problems.Add($"{name} must be a month as yyyy-MM (found {(text.Length > 20 ? text[..20] + "…" : text)}).");
        return fallback;
    }

    private static async Task<(JsonElement? Body, string? Problem)> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = SurveyRequest.MaxBodyBytes;
        }

        if (!context.Request.HasJsonContentType())
        {
            return (null, "Send the answer as JSON (Content-Type: application/json).");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken).ConfigureAwait(false);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The body is larger than {SurveyRequest.MaxBodyBytes / 1024} KB; a comment may have {SurveyRequest.MaxCommentLength} characters."));
        }
    }

    private static IResult Invalid(string problem, ILogger logger)
    {
        SurveyLog.AnswerRefused(logger, problem);
        return TypedResults.Json(new PortalError("invalid_request", problem), statusCode: StatusCodes.Status400BadRequest);
    }

    private static IResult Unknown(HttpContext context, PortalFailureThrottle throttle, ILogger logger)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        SurveyLog.LinkRefused(logger, address);
        return throttle.RecordFailure(address) is not null
            ? TypedResults.Json(new PortalError("too_many_requests", "Too many unknown survey links from this address; try again later."), statusCode: StatusCodes.Status429TooManyRequests)
            : TypedResults.Json(UnknownLink, statusCode: StatusCodes.Status404NotFound);
    }
}
