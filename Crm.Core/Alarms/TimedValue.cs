namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>A value and its timestamp, kept in <see cref="AlarmRuleState.Samples"/>.</summary>
public sealed record TimedValue(DateTimeOffset At, double Value);
