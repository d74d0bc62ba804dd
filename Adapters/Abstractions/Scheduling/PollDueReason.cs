namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>Why a poll is due when it is.</summary>
public enum PollDueReason
{
    /// <summary>An interval poller: at once when it starts, then the interval after each poll.</summary>
    Interval,

    /// <summary>A scheduled poller that has no recorded run: it polls once at start rather than wait with no data.</summary>
    NeverRun,

    /// <summary>An occurrence passed since the last recorded run (the node was down or another held the lease): once, at start.</summary>
    Missed,

    /// <summary>The schedule's next occurrence.</summary>
    Occurrence,
}
