using System.Security.Claims;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>The customer portal API: a customer's own orders and their progress, nothing else.</summary>
internal static class PortalEndpoints
{
    public const string AuthorizationPolicy = "portal-customer";

    // Order numbers are short; a longer one is not worth a database round trip.
    private const int MaxOrderNoLength = 64;

    private static readonly PortalError NotFound = new(
        "order_not_found", "No order with this number was found for your account. Check the number on your order confirmation.");

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var portal = endpoints.MapGroup("/api/portal")
            .RequireAuthorization(AuthorizationPolicy)
            .RequireRateLimiting(PortalRateLimits.TokenPolicy);
        portal.MapGet("/orders/{orderNo}", GetOrderAsync);
        portal.MapGet("/orders", ListOrdersAsync);
        return endpoints;
    }

    /// <summary>
    /// An order's progress. An unknown order and another customer's order get the same answer, so the API does not
    /// tell which order numbers exist.
    /// </summary>
    private static async Task<IResult> GetOrderAsync(
        string orderNo, ClaimsPrincipal user, IHubStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        orderNo = orderNo.Trim();
        if (orderNo.Length is 0 or > MaxOrderNoLength)
        {
            return TypedResults.Json(NotFound, PortalJsonContext.Default.PortalError, statusCode: StatusCodes.Status404NotFound);
        }

        var snapshot = await store.GetOrderSnapshotAsync(orderNo, cancellationToken).ConfigureAwait(false);
        if (snapshot is null || !string.Equals(snapshot.Order.CustomerCode, customer, StringComparison.Ordinal))
        {
            return TypedResults.Json(NotFound, PortalJsonContext.Default.PortalError, statusCode: StatusCodes.Status404NotFound);
        }

        var progress = OrderProgressCalculator.Compute(snapshot, time.GetUtcNow());
        return TypedResults.Json(progress, PortalJsonContext.Default.OrderProgress);
    }

    /// <summary>The customer's orders, newest first, a page at a time.</summary>
    private static async Task<IResult> ListOrdersAsync(
        ClaimsPrincipal user, IHubStore store, TimeProvider time, HubOptions options, CancellationToken cancellationToken,
        int page = 1, int? pageSize = null)
    {
        var size = pageSize ?? options.Portal.DefaultPageSize;
        if (page < 1 || size < 1 || size > options.Portal.MaxPageSize)
        {
            return TypedResults.Json(
                new PortalError("bad_page", $"page must be 1 or more and pageSize 1 to {options.Portal.MaxPageSize}."),
                PortalJsonContext.Default.PortalError,
                statusCode: StatusCodes.Status400BadRequest);
        }

        var customer = CustomerOf(user);
        // One more than asked tells whether there is a next page without counting every order.
        var orders = await store.ListOrdersAsync(customer, (page - 1) * size, size + 1, cancellationToken).ConfigureAwait(false);
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

    private static string CustomerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(PortalAuthenticationHandler.CustomerClaim)
        ?? throw new InvalidOperationException("The portal policy admitted a user without a customer claim.");
}
