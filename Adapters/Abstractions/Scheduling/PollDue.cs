using System.Globalization;

namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>When the next poll is due and why; <paramref name="Missed"/> is the occurrence a catch-up poll stands for.</summary>
public readonly record struct PollDue(DateTimeOffset At, PollDueReason Reason, DateTimeOffset? Missed = null)
{
    /// <summary>Why a scheduled poll runs at once rather than at an occurrence, in words for the log; null when it does not.</summary>
    public string? CatchUpReason => Reason switch
    {
        PollDueReason.NeverRun => "no scheduled poll is recorded",
        PollDueReason.Missed => string.Create(CultureInfo.InvariantCulture, $"the occurrence at {Missed:O} passed while no node polled"),
        _ => null,
    };
}
