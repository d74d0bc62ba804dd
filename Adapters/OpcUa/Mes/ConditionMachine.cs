namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>The hub's alarm a condition event is about: the machine's asset id, the alarm code and its severity.</summary>
/// <param name="AssetId">The hub's asset id of the machine.</param>
/// <param name="Code">The alarm code (the ConditionName unless a mapping derives another).</param>
/// <param name="Severity">1-1000, as OPC UA's Severity.</param>
/// <param name="Message">The alarm's text when a mapping sets one; null keeps the event's Message.</param>
public sealed record ConditionMachine(string AssetId, string Code, ushort Severity, string? Message = null);
