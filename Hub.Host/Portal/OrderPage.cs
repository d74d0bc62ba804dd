namespace IntegrationHub.Hub.Host.Portal;

/// <summary>A page of a customer's orders, newest first.</summary>
internal sealed record OrderPage(IReadOnlyList<OrderSummary> Items, int Page, int PageSize, bool HasMore);
