namespace IntegrationHub.Crm.Core.Progress;

/// <summary>One stage of the timeline: whether the order has passed it and, when known, when.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Reached">
/// True when the order is at or past the stage. A stage can be passed without a time: an order served from
/// stock is past production although no work order ever started.
/// </param>
/// <param name="ReachedAt">When the stage was reached, if the sources say.</param>
public sealed record StageReached(OrderStage Stage, bool Reached, DateTimeOffset? ReachedAt);
