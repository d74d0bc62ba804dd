using System.Net.ServerSentEvents;
using System.Security.Claims;
using System.Text.Json;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Maintenance;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using IntegrationHub.Hub.Host.Web;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>The customer portal API: a customer's own orders and their progress, nothing else.</summary>
internal static class PortalEndpoints
{
    public const string AuthorizationPolicy = "portal-customer";

    // Order numbers are short; a longer one is not worth a database round trip.
    private const int MaxOrderNoLength = 64;
    private const int MaxSearchLength = 40;
    private const int MaxPage = 100_000;

    private static readonly PortalError NotFound = new(
        "order_not_found", "No order with this number was found for your account. Check the number on your order confirmation.");

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var portal = endpoints.MapGroup("/api/portal")
            .RequireAuthorization(AuthorizationPolicy)
            .RequireRateLimiting(PortalRateLimits.TokenPolicy);
        portal.MapGet("/orders/{orderNo}", GetOrderAsync);
        portal.MapGet("/orders", ListOrdersAsync);
        portal.MapGet("/orders/{orderNo}/events", StreamOrderAsync);
        portal.MapGet("/equipment", ListEquipmentAsync);
        return endpoints;
    }

    /// <summary>
    /// An order's progress. An unknown order and another customer's order get the same answer, so the API does not
    /// tell which order numbers exist.
    /// </summary>
    private static async Task<IResult> GetOrderAsync(
        string orderNo, ClaimsPrincipal user, IHubStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await OwnOrderAsync(orderNo, CustomerOf(user), store, cancellationToken).ConfigureAwait(false) is not { } snapshot)
        {
            return OrderNotFound();
        }

        var progress = OrderProgressCalculator.Compute(snapshot, time.GetUtcNow());
        return TypedResults.Json(progress, PortalJsonContext.Default.OrderProgress);
    }

    /// <summary>
    /// An order's progress as server-sent events while the page is open: one <c>progress</c> event at once and another
    /// whenever the progress changes. The store is read again when the change feed tells of a committed change of this
    /// order, whichever node wrote it (issue 18 item 4), and at the latest every <c>Hub:Portal:LiveInterval</c>; a
    /// <c>ping</c> now and then so proxies keep the connection.
    /// </summary>
    private static async Task<IResult> StreamOrderAsync(
        string orderNo, ClaimsPrincipal user, IHubStore store, TimeProvider time, HubOptions options, PortalLiveStreams streams,
        IChangeFeed feed, PortalSessions sessions, ILogger<PortalSessions> logger, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        orderNo = orderNo.Trim();
        if (await OwnOrderAsync(orderNo, customer, store, cancellationToken).ConfigureAwait(false) is null)
        {
            return OrderNotFound();
        }

        var lease = streams.TryOpen(customer, options.Portal.MaxLivePagesPerCustomer);
        if (lease is null)
        {
            return TypedResults.Json(
                new PortalError("too_many_live_pages", $"Your account has {options.Portal.MaxLivePagesPerCustomer} order pages open with live updates; close one and reload."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        // Only this order's notices wake the page (and credential changes, and "re-read everything"): another
        // customer's orders never cause a read here, and what is read is checked to be this customer's.
        var changes = feed.Subscribe(n => n.Kind == ChangeKind.Credentials || (n.Kind == ChangeKind.Order && string.Equals(n.Key, orderNo, StringComparison.Ordinal)));
        return TypedResults.ServerSentEvents(LiveEventStream.RunAsync(
            changes, lease, ct => ReadProgressAsync(orderNo, customer, user, store, time, sessions, logger, ct), time, options.Portal.LiveInterval, cancellationToken));
    }

    private static async Task<LiveRead?> ReadProgressAsync(
        string orderNo, string customer, ClaimsPrincipal user, IHubStore store, TimeProvider time, PortalSessions sessions, ILogger logger,
        CancellationToken cancellationToken)
    {
        // Issue 16 item 4: the page's token (and page session) is checked again before every read, so a revoked token
        // or a signed-out session ends its live pages, and frees the customer's live-page quota; the change feed wakes
        // the page for it (issue 18 item 4).
        if (!await sessions.IsStillLiveAsync(user, cancellationToken).ConfigureAwait(false))
        {
            PortalLog.LivePageClosed(logger, user.FindFirstValue(PortalSessions.TokenIdClaim) ?? "unknown");
            return null;
        }

        var snapshot = await store.GetOrderSnapshotAsync(orderNo, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return default(LiveRead);
        }

        if (!string.Equals(snapshot.Order.CustomerCode, customer, StringComparison.Ordinal))
        {
            // The order was moved to another customer meanwhile: this page shows nothing of it any more.
            return null;
        }

        var progress = OrderProgressCalculator.Compute(snapshot, time.GetUtcNow());
        // A forecast ETA moves with the clock; the page hears of it when it moves by the hour, not every read.
        var key = JsonSerializer.Serialize(progress with { Eta = progress.Eta is { } eta ? eta.AddTicks(-(eta.Ticks % TimeSpan.TicksPerHour)) : null },
            PortalJsonContext.Default.OrderProgress);
        return new LiveRead(key, new SseItem<string>(JsonSerializer.Serialize(progress, PortalJsonContext.Default.OrderProgress), "progress"));
    }

    /// <summary>The customer's installed machines, each with its latest readings and open tickets.</summary>
    private static async Task<IResult> ListEquipmentAsync(
        ClaimsPrincipal user, IHubStore store, IRulesStore rulesStore, MaintenancePass maintenance, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        var equipment = await store.ListEquipmentAsync(customer, cancellationToken).ConfigureAwait(false);
        var tickets = new List<ServiceTicket>();
        IReadOnlyList<MaintenanceState> states;
        await using (var tx = await rulesStore.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var status in new[] { TicketStatus.Open, TicketStatus.Acknowledged })
            {
                tickets.AddRange(await tx.ListTicketsAsync(new TicketQuery { CustomerCode = customer, Status = status, Take = 200 }, cancellationToken).ConfigureAwait(false));
            }

            states = await tx.MaintenanceStatesAsync([.. equipment.Select(m => m.AssetId)], cancellationToken).ConfigureAwait(false);
        }

        // Only the plans the folder holds now: a plan removed since its last pass is no longer shown.
        var plans = maintenance.CurrentPlanIds();

        var items = new List<PortalEquipment>(equipment.Count);
        foreach (var machine in equipment)
        {
            var metrics = await store.LatestMetricsAsync(machine.AssetId, cancellationToken).ConfigureAwait(false);
            items.Add(new PortalEquipment(
                machine.AssetId, machine.Model, machine.SerialNo, machine.Site, machine.InstalledAt,
                [.. metrics.Select(m => new PortalMetric(m.Metric, m.Value, m.Unit, m.Timestamp))],
                [.. tickets.Where(t => t.AssetId == machine.AssetId)
                    .Select(t => new PortalTicket(t.TicketNo, t.AlarmCode, t.Status.ToString(), t.OpenedAt, t.RespondedAt))],
                [.. states.Where(s => s.AssetId == machine.AssetId && plans.Contains(s.PlanId)).OrderBy(s => s.PlanId, StringComparer.Ordinal)
                    .Select(s => new PortalMaintenance(s.PlanId, s.Title, s.Problem is null, s.NextDueAt, s.HoursLeft))]));
        }

        return TypedResults.Json(items, PortalJsonContext.Default.IReadOnlyListPortalEquipment);
    }

    /// <summary>The customer's orders, newest first, a page at a time.</summary>
    private static async Task<IResult> ListOrdersAsync(
        ClaimsPrincipal user, IHubStore store, TimeProvider time, HubOptions options, CancellationToken cancellationToken,
        int page = 1, int? pageSize = null, string? search = null)
    {
        search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (search is not null && (search.Length > MaxSearchLength || !search.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            return TypedResults.Json(
                new PortalError("bad_search", $"Search by an order number or an item code: up to {MaxSearchLength} letters, digits and - _ . /."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status400BadRequest);
        }

        var size = pageSize ?? options.Portal.DefaultPageSize;
        // Issue 16 item 27: (page - 1) * size wrapped past int.MaxValue (page=21474838 showed page 1). No customer has
        // MaxPage pages of orders, and MaxPage * MaxPageSize stays far inside an int.
        if (page < 1 || page > MaxPage || size < 1 || size > options.Portal.MaxPageSize || (long)(page - 1) * size > int.MaxValue - size - 1)
        {
            return TypedResults.Json(
                new PortalError("bad_page", $"page must be 1 to {MaxPage} and pageSize 1 to {options.Portal.MaxPageSize}."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status400BadRequest);
        }

        var customer = CustomerOf(user);
        // One more than asked tells whether there is a next page without counting every order.
        var orders = await store.ListOrdersAsync(customer, (page - 1) * size, size + 1, cancellationToken, search).ConfigureAwait(false);
        var shown = orders.Take(size).ToList();
        var snapshots = await store.GetOrderSnapshotsAsync(shown.Select(o => o.OrderNo).ToList(), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var items = snapshots
            .Select(s => (s.Order, Progress: OrderProgressCalculator.Compute(s, now)))
            .Select(x => new OrderSummary(
                x.Order.OrderNo, x.Order.OrderDate, x.Order.CustomerReference, x.Progress.Stage,
                x.Progress.PercentProduced, x.Order.PromisedDate, x.Progress.Eta))
            .ToList();
        return TypedResults.Json(new OrderPage(items, page, size, orders.Count > size), PortalJsonContext.Default.OrderPage);
    }

    // An unknown order and another customer's order are the same "not found", so the API does not tell which exist.
    private static async Task<OrderSnapshot?> OwnOrderAsync(string orderNo, string customer, IHubStore store, CancellationToken cancellationToken)
    {
        orderNo = orderNo.Trim();
        if (orderNo.Length is 0 or > MaxOrderNoLength)
        {
            return null;
        }

        var snapshot = await store.GetOrderSnapshotAsync(orderNo, cancellationToken).ConfigureAwait(false);
        return snapshot is not null && string.Equals(snapshot.Order.CustomerCode, customer, StringComparison.Ordinal) ? snapshot : null;
    }

    private static IResult OrderNotFound() =>
        TypedResults.Json(NotFound, PortalJsonContext.Default.PortalError, statusCode: StatusCodes.Status404NotFound);

    private static string CustomerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(PortalAuthenticationHandler.CustomerClaim)
        ?? throw new InvalidOperationException("The portal policy admitted a user without a customer claim.");
}
