using System.Security.Claims;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using Microsoft.AspNetCore.Mvc;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// The engineer's phone page's API under <c>/api/field</c> (issue 24 item 2): desk users with the role engineer only,
/// the desk's cookie and CSRF header. An engineer sees and acts on the tickets <see cref="FieldAccess"/> allows; any
/// other ticket gets the same 404 as one that does not exist.
/// </summary>
internal static partial class FieldEndpoints
{
    public const string EngineerPolicy = "desk-engineer";

    private const int MaxTickets = 100;
    private const int MaxServiceHistory = 20;
    private const int MaxOpenAlarms = 20;

    public static IServiceCollection AddHubField(this IServiceCollection services)
    {
        services.AddSingleton<FieldAccess>();
        services.AddScoped<FieldContext>();
        services.AddAuthorizationBuilder()
            .AddPolicy(EngineerPolicy, p => p.AddAuthenticationSchemes(DeskAuthentication.Scheme).RequireRole(nameof(DeskRole.Engineer)));
        return services;
    }

    public static IEndpointRouteBuilder MapFieldApi(this IEndpointRouteBuilder endpoints)
    {
        var field = endpoints.MapGroup("/api/field").AddEndpointFilter(DeskEndpoints.RequireCsrfHeader).RequireAuthorization(EngineerPolicy);
        field.MapGet("/me", (ClaimsPrincipal user, FieldAccess access, ILogger<FieldAccess> logger) =>
            Engineer(user, access, logger, out var engineer) ?? TypedResults.Ok(new FieldMe(engineer.DeskUser, engineer.Id, engineer.Name, engineer.Queues)));
        // The desk's sign-out is for its own roles; an engineer's session ends the same way (in the store too).
        field.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)DeskEndpoints.SignOutAsync);
        field.MapGet("/tickets", ListAsync);
        field.MapGet("/tickets/{ticketNo}", GetAsync);
        field.MapPost("/tickets/{ticketNo}/accept", (string ticketNo, ClaimsPrincipal user, FieldContext context, IServiceProvider services, CancellationToken ct) =>
            ActAsync(ticketNo, "accept", user, context, (tx, e, now) => context.Workflow.AcceptAsync(tx, ticketNo, e.Id, now, ct), ct,
                // Hub:Mes:Alarms:AcknowledgeOnServer: accepting an open ticket acknowledges it, as the desk's button does.
                async (before, engineer) =>
                {
                    if (before.Status == TicketStatus.Open && services.GetService<Modules.Mes.MesConditionAcknowledger>() is { } server)
                    {
                        await server.AfterDeskAcknowledgeAsync(ticketNo, engineer.Id, null, ct).ConfigureAwait(false);
                    }
                }));
        field.MapPost("/tickets/{ticketNo}/on-my-way", (string ticketNo, ClaimsPrincipal user, FieldContext context, CancellationToken ct) =>
            ActAsync(ticketNo, "on-my-way", user, context, (tx, e, now) => context.Workflow.OnMyWayAsync(tx, ticketNo, e.Id, now, ct), ct));
        field.MapPost("/tickets/{ticketNo}/arrived", (string ticketNo, ClaimsPrincipal user, FieldContext context, CancellationToken ct) =>
            ActAsync(ticketNo, "arrived", user, context, (tx, e, now) => context.Workflow.ArrivedAsync(tx, ticketNo, e.Id, now, ct), ct));
        field.MapPost("/tickets/{ticketNo}/resolve", (string ticketNo, FieldResolveRequest? body, ClaimsPrincipal user, FieldContext context, CancellationToken ct) =>
            DeskRequestValidation.TextProblem(body?.Note, "note", DeskRequestValidation.MaxNoteLength) is { } problem
                ? Task.FromResult(Refuse(context, user, "resolve", ticketNo, problem, StatusCodes.Status400BadRequest))
                : ActAsync(ticketNo, "resolve", user, context, (tx, e, now) => context.Workflow.FieldResolveAsync(tx, ticketNo, body?.Note, e.Id, now, ct), ct));
        field.MapPost("/tickets/{ticketNo}/reports", ReportAsync).DisableAntiforgery();
        field.MapGet("/tickets/{ticketNo}/photos/{photoId}", PhotoAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, FieldContext context, CancellationToken cancellationToken)
    {
        if (Engineer(user, context.Access, context.Logger, out var engineer) is { } refused)
        {
            return refused;
        }

        await using var tx = await context.RulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        var now = context.Time.GetUtcNow();
        var items = new List<FieldTicket>();
        foreach (var ticket in await tx.FieldTicketsAsync(engineer.Id, engineer.Queues, MaxTickets, cancellationToken).ConfigureAwait(false))
        {
            var progress = FieldProgress.From(await tx.HistoryAsync(ticket.TicketNo, cancellationToken).ConfigureAwait(false));
            items.Add(new FieldTicket(ticket, TicketDue.Next(ticket), DeskEndpoints.SlaState(ticket, now), progress));
        }

        return TypedResults.Ok(new FieldTicketList(items));
    }

    private static async Task<IResult> GetAsync(string ticketNo, ClaimsPrincipal user, FieldContext context, IHubStore store, CancellationToken cancellationToken)
    {
        if (Engineer(user, context.Access, context.Logger, out var engineer) is { } refused)
        {
            return refused;
        }

        await using var tx = await context.RulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await VisibleAsync(tx, engineer, ticketNo, context.Logger, cancellationToken).ConfigureAwait(false) is not { } ticket)
        {
            return NotFound(ticketNo);
        }

        var history = await tx.HistoryAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        var reports = await tx.ServiceReportsAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        var requests = await tx.ServiceRequestsOfTicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        var equipment = await tx.EntityAsync(EntityKind.InstalledEquipment, ticket.AssetId, cancellationToken).ConfigureAwait(false) as InstalledEquipment;
        var past = await tx.TicketsOfAssetAsync(ticket.AssetId, MaxServiceHistory + 1, cancellationToken).ConfigureAwait(false);
        var alarms = await tx.OpenAlarmsOfAssetAsync(ticket.AssetId, MaxOpenAlarms, cancellationToken).ConfigureAwait(false);
        var readings = await store.LatestMetricsAsync(ticket.AssetId, cancellationToken).ConfigureAwait(false);
        var machine = new MachineRecord(
            ticket.AssetId, equipment?.Model, equipment?.SerialNo, equipment?.Site, equipment?.InstalledAt,
            [.. past.Where(t => t.TicketNo != ticketNo).Take(MaxServiceHistory).Select(t => new ServiceHistoryItem(t.TicketNo, t.AlarmCode, t.Priority, t.Status, t.OpenedAt, t.Assignee))],
            [.. readings.OrderBy(r => r.Metric, StringComparer.Ordinal).Select(r => new LatestReading(r.Metric, r.Value, r.Unit, r.Timestamp))],
            alarms);
        var progress = FieldProgress.From(history);
        return TypedResults.Ok(new FieldTicketDetail(
            ticket, TicketDue.Next(ticket), DeskEndpoints.SlaState(ticket, context.Time.GetUtcNow()), progress, history, machine, reports,
            [.. requests.Select(r => new CustomerReport(r.Category, r.Channel, r.Text, r.CreatedAt, r.Photos))]));
    }

    private static async Task<IResult> ReportAsync(
        string ticketNo, HttpRequest request, ClaimsPrincipal user, FieldContext context, [FromServices] PhotoIntake photos, [FromServices] HubOptions options, CancellationToken cancellationToken)
    {
        if (Engineer(user, context.Access, context.Logger, out var engineer) is { } refused)
        {
            return refused;
        }

        var (upload, uploadProblem, status) = await ServiceReportUpload.ReadAsync(request, options.Portal.ServiceRequests.Photos, cancellationToken).ConfigureAwait(false);
        await using var tx = await context.RulesStore.BeginAsync(cancellationToken).ConfigureAwait(false);
        // Another engineer's ticket and an unknown one get one answer, before anything of the report is looked at.
        if (await VisibleAsync(tx, engineer, ticketNo, context.Logger, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(ticketNo);
        }

        var (report, problem) = upload is null ? (null, uploadProblem) : ServiceReportReader.Read(upload.Body, ticketNo, engineer.Id, context.Time.GetUtcNow());
        if (report is null)
        {
            return Refuse(context, user, "report", ticketNo, problem!, upload is null ? status : StatusCodes.Status400BadRequest);
        }

        var (taken, photoProblem, photoStatus) = await ServiceReportPhotos.TakeAsync(tx, report, upload!.Photos, photos, engineer, cancellationToken).ConfigureAwait(false);
        if (taken is null)
        {
            return Refuse(context, user, "report", ticketNo, photoProblem!, photoStatus);
        }

        var (stored, resent, refusal) = await context.Workflow.AddServiceReportAsync(tx, report with { Photos = taken }, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return Refuse(context, user, "report", ticketNo, new DeskError(refusal.Error.ToString()!, refusal.Message), StatusCodes.Status409Conflict);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (resent)
        {
            FieldLog.ReportResent(context.Logger, engineer.Id, stored!.ReportId);
        }
        else
        {
            FieldLog.ReportStored(context.Logger, engineer.Id, stored!.ReportId, ticketNo);
            if (stored.Photos.Count > 0)
            {
                FieldLog.ReportPhotosStored(context.Logger, engineer.Id, stored.Photos.Count, stored.ReportId);
            }
        }

        return TypedResults.Ok(new ServiceReportAnswer(stored, resent));
    }

    private static async Task<IResult> ActAsync(
        string ticketNo, string action, ClaimsPrincipal user, FieldContext context,
        Func<IRulesUnitOfWork, FieldEngineer, DateTimeOffset, Task<DeskActionResult>> act, CancellationToken cancellationToken,
        Func<ServiceTicket, FieldEngineer, Task>? afterCommit = null)
    {
        if (Engineer(user, context.Access, context.Logger, out var engineer) is { } refused)
        {
            return refused;
        }

        FieldTicket answer;
        ServiceTicket before;
        await using (var tx = await context.RulesStore.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            // Locked before it is read: two engineers accepting one queued ticket act one after the other (PostgreSQL).
            await tx.LockTicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
            if (await VisibleAsync(tx, engineer, ticketNo, context.Logger, cancellationToken).ConfigureAwait(false) is not { } visible)
            {
                return NotFound(ticketNo);
            }

            before = visible;
            var result = await act(tx, engineer, context.Time.GetUtcNow()).ConfigureAwait(false);
            if (result.Ticket is null)
            {
                var status = result.Error == DeskActionError.InvalidState ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return Refuse(context, user, action, ticketNo, new DeskError(result.Error.ToString()!, result.Message), status);
            }

            var progress = FieldProgress.From(await tx.HistoryAsync(ticketNo, cancellationToken).ConfigureAwait(false));
            answer = new FieldTicket(result.Ticket, TicketDue.Next(result.Ticket), DeskEndpoints.SlaState(result.Ticket, context.Time.GetUtcNow()), progress);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        FieldLog.Acted(context.Logger, engineer.Id, action, ticketNo);
        if (afterCommit is not null)
        {
            await afterCommit(before, engineer).ConfigureAwait(false);
        }

        return TypedResults.Ok(answer);
    }

    /// <summary>The ticket when it exists and the engineer may see it; null otherwise (the caller answers 404 either way).</summary>
    private static async Task<ServiceTicket?> VisibleAsync(IRulesUnitOfWork tx, FieldEngineer engineer, string ticketNo, ILogger logger, CancellationToken cancellationToken)
    {
        var ticket = await tx.TicketAsync(ticketNo, cancellationToken).ConfigureAwait(false);
        if (ticket is not null && !FieldAccess.MaySee(engineer, ticket))
        {
            FieldLog.NotTheirs(logger, engineer.Id, LogText.Escape(ticketNo));
            return null;
        }

        return ticket;
    }

    /// <summary>Null when the signed-in desk user is an engineer of the roster (set), else the 403 to answer.</summary>
    private static IResult? Engineer(ClaimsPrincipal user, FieldAccess access, ILogger logger, out FieldEngineer engineer)
    {
        var name = DeskAuthentication.UserName(user);
        engineer = access.EngineerOf(name)!;
        if (engineer is not null)
        {
            return null;
        }

        FieldLog.NotOnRoster(logger, LogText.Escape(name));
        return TypedResults.Json(
            new DeskError("not_on_roster", $"The desk user {DeskRequestValidation.Shown(name)} is no engineer of Hub:Rules:Roster (by its DeskUser, or an Id equal to the user name); ask an admin to add it."),
            statusCode: StatusCodes.Status403Forbidden);
    }

    private static IResult NotFound(string ticketNo) =>
        TypedResults.Json(new DeskError("ticket_not_found", $"No ticket {DeskRequestValidation.Shown(ticketNo)}."), statusCode: StatusCodes.Status404NotFound);

    private static IResult Refuse(FieldContext context, ClaimsPrincipal user, string action, string ticketNo, DeskError problem, int status)
    {
        FieldLog.Refused(context.Logger, LogText.Escape(DeskAuthentication.UserName(user)), action, LogText.Escape(DeskRequestValidation.Shown(ticketNo)), problem.Message);
        return TypedResults.Json(problem, statusCode: status);
    }
}
