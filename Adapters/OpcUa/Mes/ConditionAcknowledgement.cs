namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>The outcome of acknowledging a condition on the server: done, or why not (no such condition seen, refused, unreachable).</summary>
/// <param name="Succeeded">Whether the server acknowledged the condition.</param>
/// <param name="Detail">What happened, in English.</param>
/// <param name="IsTransient">True when trying again later may succeed (the connection is down); false when it cannot.</param>
public sealed record ConditionAcknowledgement(bool Succeeded, string Detail, bool IsTransient = false);
