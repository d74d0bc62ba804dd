namespace IntegrationHub.Crm.Core.Progress;

/// <summary>The progress of one order line.</summary>
/// <param name="LineNo">The line number.</param>
/// <param name="ItemCode">The item ordered.</param>
/// <param name="Description">The item's description, if the ERP gave one.</param>
/// <param name="Ordered">The quantity ordered.</param>
/// <param name="Produced">The good quantity produced by the line's work orders, at most <paramref name="Ordered"/>.</param>
/// <param name="Shipped">The quantity shipped, at most <paramref name="Ordered"/>.</param>
/// <param name="Cancelled">True when the line was cancelled.</param>
public sealed record LineProgress(
    int LineNo,
    string ItemCode,
    string? Description,
    decimal Ordered,
    decimal Produced,
    decimal Shipped,
    bool Cancelled);
