using System.Security.Claims;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using Microsoft.AspNetCore.Authentication;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>The service desk's API: sign-in, the ticket queue sorted by SLA due, and the ticket actions.</summary>
internal static partial class DeskEndpoints
{
    private static readonly TimeSpan AtRisk = TimeSpan.FromMinutes(30);

    public static IEndpointRouteBuilder MapDeskApi(this IEndpointRouteBuilder endpoints)
    {
        var desk = endpoints.MapGroup("/api/desk").AddEndpointFilter(RequireCsrfHeader);
        desk.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(DeskAuthentication.SignInLimit);
        desk.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)SignOutAsync).RequireAuthorization(DeskAuthentication.AgentPolicy);
        // Asked by every page load: "not signed in" is an answer (204), not an error for the browser to report.
        desk.MapGet("/me", (Func<HttpContext, Task<IResult>>)MeAsync).AllowAnonymous();

        var tickets = desk.MapGroup("/tickets").RequireAuthorization(DeskAuthentication.AgentPolicy);
        tickets.MapGet("/", ListAsync);
        tickets.MapGet("/events", StreamQueueAsync);
        tickets.MapGet("/{ticketNo}", GetAsync);
        tickets.MapGet("/{ticketNo}/telemetry", TelemetryAsync);
        tickets.MapPost("/{ticketNo}/acknowledge", async (string ticketNo, AcknowledgeRequest? body, ClaimsPrincipal user, IRulesStore rulesStore, TicketWorkflow workflow, TimeProvider time, ILoggerFactory loggers, IServiceProvider services, CancellationToken ct) =>
        {
            var name = DeskAuthentication.UserName(user);
            if (DeskRequestValidation.Acknowledge(body?.Comment, ticketNo, name, loggers) is { } refused)
            {
                return refused;
            }

            var result = await ActAsync(rulesStore, time, ct, (tx, now) => workflow.AcknowledgeAsync(tx, ticketNo, name, now, ct, body?.Comment)).ConfigureAwait(false);
            // Hub:Mes:Alarms:AcknowledgeOnServer (issue 22 item 1): the condition behind the ticket too, after the commit.
            if (result is Microsoft.AspNetCore.Http.HttpResults.Ok<TicketSummary> && services.GetService<Modules.Mes.MesConditionAcknowledger>() is { } server)
            {
                await server.AfterDeskAcknowledgeAsync(ticketNo, name, body?.Comment, ct).ConfigureAwait(false);
            }

            return result;
        });
        tickets.MapPost("/{ticketNo}/assign", async (string ticketNo, AssignRequest body, ClaimsPrincipal user, IRulesStore rulesStore, TicketWorkflow workflow, TimeProvider time, HubOptions options, DeskUsers users, ILoggerFactory loggers, CancellationToken ct) =>
        {
            var name = DeskAuthentication.UserName(user);
            // Agents take tickets themselves; handing one to somebody else is a supervisor's call.
            if (!string.Equals(body.Assignee, name, StringComparison.Ordinal) && !user.IsInRole(nameof(DeskRole.Supervisor)) && !user.IsInRole(nameof(DeskRole.Admin)))
            {
                return TypedResults.Json(new DeskError("forbidden", "Only a supervisor assigns a ticket to somebody else; an agent may assign it to themself."), statusCode: StatusCodes.Status403Forbidden);
            }

            return await DeskRequestValidation.AssignAsync(body.Assignee, body.Reason, ticketNo, name, options, users, loggers, ct).ConfigureAwait(false)
                ?? await ActAsync(rulesStore, time, ct, (tx, now) => workflow.AssignAsync(tx, ticketNo, body.Assignee ?? string.Empty, body.Reason, name, now, ct)).ConfigureAwait(false);
        });
        tickets.MapPost("/{ticketNo}/comment", (string ticketNo, CommentRequest body, ClaimsPrincipal user, IRulesStore rulesStore, TicketWorkflow workflow, TimeProvider time, ILoggerFactory loggers, CancellationToken ct) =>
            DeskRequestValidation.Comment(body.Text, ticketNo, DeskAuthentication.UserName(user), loggers) is { } refused
                ? Task.FromResult(refused)
                : ActAsync(rulesStore, time, ct, (tx, now) => workflow.CommentAsync(tx, ticketNo, body.Text ?? string.Empty, body.Internal, DeskAuthentication.UserName(user), now, ct)));
        tickets.MapPost("/{ticketNo}/resolve", (string ticketNo, ResolveRequest? body, ClaimsPrincipal user, IRulesStore rulesStore, TicketWorkflow workflow, TimeProvider time, ILoggerFactory loggers, CancellationToken ct) =>
            DeskRequestValidation.Resolve(body?.Note, ticketNo, DeskAuthentication.UserName(user), loggers) is { } refused
                ? Task.FromResult(refused)
                : ActAsync(rulesStore, time, ct, (tx, now) => workflow.ResolveAsync(tx, ticketNo, body?.Note, DeskAuthentication.UserName(user), now, ct)));
        tickets.MapPost("/{ticketNo}/close", (string ticketNo, ClaimsPrincipal user, IRulesStore rulesStore, TicketWorkflow workflow, TimeProvider time, CancellationToken ct) =>
            ActAsync(rulesStore, time, ct, (tx, now) => workflow.CloseAsync(tx, ticketNo, DeskAuthentication.UserName(user), now, ct)));

        desk.MapAdmin();
        var outbox = desk.MapGroup("/outbox").RequireAuthorization(DeskAuthentication.AdminPolicy);
        outbox.MapGet("/", OutboxAsync);
        outbox.MapPost("/{id}/replay", ReplayAsync);
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        SignInRequest body, HttpContext context, DeskSignIn desk, ILogger<DeskUsers> logger, CancellationToken cancellationToken)
    {
        var session = string.IsNullOrWhiteSpace(body.UserName) || string.IsNullOrEmpty(body.Password)
            ? null
            : await desk.SignInAsync(body.UserName.Trim(), body.Password, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            RulesLog.SignInRefused(logger, IntegrationHub.Adapters.Abstractions.LogText.Escape(body.UserName ?? "(none)"));
            return TypedResults.Json(new DeskError("sign_in_failed", "The user name or password is wrong, or the account is disabled."), statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(DeskAuthentication.Scheme, session.Principal).ConfigureAwait(false);
        RulesLog.SignedIn(logger, IntegrationHub.Adapters.Abstractions.LogText.Escape(session.UserName));
        return TypedResults.Ok(new DeskSession(session.UserName, session.Role.ToString()));
    }

    private static async Task<IResult> MeAsync(HttpContext context)
    {
        var session = await context.AuthenticateAsync(DeskAuthentication.Scheme).ConfigureAwait(false);
        if (!session.Succeeded || session.Principal is not { } user)
        {
            return TypedResults.NoContent();
        }

        return TypedResults.Ok(new DeskSession(DeskAuthentication.UserName(user), user.FindFirstValue(ClaimTypes.Role) ?? string.Empty));
    }

    // Issue 16 item 3: the session ends in the store too, so a copy of the cookie is refused afterwards.
    internal static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.RequestServices.GetRequiredService<DeskSessions>().EndAsync(context.User, context.RequestAborted).ConfigureAwait(false);
        DeskLog.SignedOut(context.RequestServices.GetRequiredService<ILogger<DeskSessions>>(), DeskAuthentication.UserName(context.User));
        await context.SignOutAsync(DeskAuthentication.Scheme).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListAsync(
        IRulesStore rulesStore, TimeProvider time, CancellationToken cancellationToken,
        string? status = null, string? priority = null, string? assignee = null, string? customer = null, int skip = 0, int take = 50)
    {
        if (QueueQuery(status, priority, assignee, customer, skip, take, out var query) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await ReadQueueAsync(rulesStore, query, time, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The queue's filters checked; null when they are valid (the query is then set), else the 400 answer.</summary>
    private static IResult? QueueQuery(string? status, string? priority, string? assignee, string? customer, int skip, int take, out TicketQuery query)
    {
        query = new TicketQuery();
        TicketStatus? statusFilter = null;
        TicketPriority? priorityFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<TicketStatus>(status, true, out var s))
            {
                return Invalid($"status '{status}' is unknown; use one of {string.Join(", ", Enum.GetNames<TicketStatus>())}.");
            }

            statusFilter = s;
        }

        if (priority is not null)
        {
            if (!Enum.TryParse<TicketPriority>(priority, true, out var p))
            {
                return Invalid($"priority '{priority}' is unknown; use one of {string.Join(", ", Enum.GetNames<TicketPriority>())}.");
            }

            priorityFilter = p;
        }

        if (skip < 0 || take is < 1 or > 200)
        {
            return Invalid("skip must be 0 or more and take 1 to 200.");
        }

        query = new TicketQuery { Status = statusFilter, Priority = priorityFilter, Assignee = assignee, CustomerCode = customer, Skip = skip, Take = take };
        return null;
    }

    private static async Task<TicketList> ReadQueueAsync(IRulesStore rulesStore, TicketQuery query, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var tickets = await tx.ListTicketsAsync(query, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return new TicketList([.. tickets.Select(t => new TicketSummary(t, TicketDue.Next(t), SlaState(t, now)))], query.Skip, query.Take);
    }

    private static async Task<IResult> GetAsync(string ticketNo, IRulesStore rulesStore, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return TypedResults.Json(new DeskError("ticket_not_found", $"No ticket {ticketNo}."), statusCode: StatusCodes.Status404NotFound);
        }

        var history = await tx.HistoryAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TicketDetail(ticket, TicketDue.Next(ticket), SlaState(ticket, time.GetUtcNow()), history));
    }

    /// <summary>The ticket's machine's recent readings, per metric, for the ticket page's chart.</summary>
    private static async Task<IResult> TelemetryAsync(
        string ticketNo, IRulesStore rulesStore, IHubStore store, ITelemetryHistoryStore history, HubOptions options, TimeProvider time,
        CancellationToken cancellationToken, int hours = 6)
    {
        if (hours is < 1 or > ChartResolution.MaxHours)
        {
            return Invalid($"hours must be 1 to {ChartResolution.MaxHours}.");
        }

        ServiceTicket? ticket;
        await using (var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        }

        if (ticket is null)
        {
            return TypedResults.Json(new DeskError("ticket_not_found", $"No ticket {ticketNo}."), statusCode: StatusCodes.Status404NotFound);
        }

        // Issue 17 item 6: a long range reads rollups, so that it is whole and cheap however fast the machine publishes.
        var range = TimeSpan.FromHours(hours);
        if (ChartResolution.For(range, options.Telemetry) is not TelemetryResolution.Raw and var resolution)
        {
            var rollups = await history.ReadRollupsAsync(ticket.AssetId, resolution, time.GetUtcNow() - range, ChartResolution.Buckets(range, resolution), cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ChartResolution.FromRollups(ticket.AssetId, resolution, rollups));
        }

        var readings = await store.RecentReadingsAsync(ticket.AssetId, time.GetUtcNow() - range, MaxChartPoints, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TicketTelemetry(ticket.AssetId, [.. readings
            .GroupBy(r => r.Metric, StringComparer.Ordinal)
            .Select(g => new MetricSeries(g.Key, g.Last().Unit, [.. g.Select(r => new TelemetryPoint(r.Timestamp, r.Value))]))]));
    }

    private static async Task<IResult> ActAsync(
        IRulesStore rulesStore, TimeProvider time, CancellationToken cancellationToken, Func<IRulesUnitOfWork, DateTimeOffset, Task<DeskActionResult>> action)
    {
        await using var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var result = await action(tx, time.GetUtcNow()).ConfigureAwait(false);
        if (result.Ticket is null)
        {
            var status = result.Error switch
            {
                DeskActionError.NotFound => StatusCodes.Status404NotFound,
                DeskActionError.InvalidState => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return TypedResults.Json(new DeskError(result.Error.ToString()!, result.Message), statusCode: status);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TicketSummary(result.Ticket, TicketDue.Next(result.Ticket), SlaState(result.Ticket, time.GetUtcNow())));
    }

    private static async Task<IResult> OutboxAsync(IOutboxStore outbox, CancellationToken cancellationToken, string status = "Dead", int take = 100)
    {
        if (!Enum.TryParse<OutboxStatus>(status, true, out var s))
        {
            return Invalid($"status '{status}' is unknown; use one of {string.Join(", ", Enum.GetNames<OutboxStatus>())}.");
        }

        // A survey invitation's one-time link is the customer's: shown to no admin (review of session 24, item 6).
        var listed = await outbox.ListAsync(s, null, Math.Clamp(take, 1, 500), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new OutboxList([.. listed.Select(m => m with { Body = Surveys.SurveyLinkRedaction.Redact(m.Body) })]));
    }

    private static async Task<IResult> ReplayAsync(string id, IOutboxStore outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await outbox.ReplayDeadAsync(id, time.GetUtcNow(), "replayed by an admin", cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Json(new DeskError("not_dead", $"No dead-lettered message {id}; only dead messages can be replayed."), statusCode: StatusCodes.Status404NotFound);
        }

        return TypedResults.Accepted($"/api/desk/outbox?status=Pending");
    }

    /// <summary>on-track, at-risk (due within 30 minutes), breached (past due), or met (no longer open).</summary>
    private const int MaxChartPoints = 300;

    internal static string SlaState(ServiceTicket ticket, DateTimeOffset now) => TicketDue.Next(ticket) switch
    {
        null => "met",
        { } due when due <= now => "breached",
        { } due when due - now <= AtRisk => "at-risk",
        _ => "on-track",
    };

    private static IResult Invalid(string message) =>
        TypedResults.Json(new DeskError("invalid_request", message), statusCode: StatusCodes.Status400BadRequest);

    internal static async ValueTask<object?> RequireCsrfHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(DeskAuthentication.CsrfHeader))
        {
            return TypedResults.Json(
                new DeskError("csrf", $"State-changing desk requests must carry the header {DeskAuthentication.CsrfHeader}: 1."),
                statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context).ConfigureAwait(false);
    }
}
