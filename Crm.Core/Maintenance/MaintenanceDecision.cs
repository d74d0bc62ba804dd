namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>What one pass decides for one plan on one machine.</summary>
public sealed record MaintenanceDecision
{
    /// <summary>The plan's state after this pass, to store.</summary>
    public required MaintenanceState State { get; init; }

    /// <summary>The interval that has just fallen due and opens a ticket; null when none does.</summary>
    public long? DueInterval { get; init; }

    /// <summary>
    /// The due point of <see cref="DueInterval"/>, which the host claims so that it opens one ticket: the running hours
    /// where it ended, or the Unix time in seconds of the date it ended. A due point, not the interval's number, because
    /// an edited plan numbers its intervals again.
    /// </summary>
    public long? DueKey { get; init; }

    /// <summary>Why, in English, for the ticket's history and the log.</summary>
    public required string Reason { get; init; }

    /// <summary>Whether <see cref="State"/> differs from the state given (only then is it written).</summary>
    public required bool Changed { get; init; }
}
