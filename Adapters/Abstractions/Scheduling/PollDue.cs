namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>When the next poll is due and why; <paramref name="Missed"/> is the occurrence a catch-up poll stands for.</summary>
public readonly record struct PollDue(DateTimeOffset At, PollDueReason Reason, DateTimeOffset? Missed = null);
