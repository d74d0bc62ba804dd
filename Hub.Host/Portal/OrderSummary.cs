using IntegrationHub.Crm.Core.Progress;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>One order in a customer's list.</summary>
internal sealed record OrderSummary(
    string OrderNo,
    DateTimeOffset OrderDate,
    string? CustomerReference,
    OrderStage Stage,
    decimal PercentProduced,
    DateTimeOffset? PromisedDate,
    DateTimeOffset? Eta);
