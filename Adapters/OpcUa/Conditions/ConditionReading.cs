namespace IntegrationHub.Adapters.OpcUa.Conditions;

/// <summary>An event of an alarm-condition item read by <see cref="ConditionFields.Read"/>.</summary>
/// <param name="Kind">What the event is.</param>
/// <param name="Condition">The condition's state, for <see cref="ConditionEventKind.Condition"/>.</param>
/// <param name="Error">Which field is wrong and how, for <see cref="ConditionEventKind.Invalid"/>.</param>
public sealed record ConditionReading(ConditionEventKind Kind, ConditionEvent? Condition = null, string? Error = null);
