namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>The latest value of a machine's running-hours counter, and when the machine measured it.</summary>
public sealed record CounterReading(double Hours, DateTimeOffset At);
