namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// What <see cref="IIngestRules"/> did in a store's transaction: the readings it evaluated, the partition fences the
/// commit must check, and what to do once the transaction committed or was given up (issue 20 item 1). Exactly one of
/// <see cref="Committed"/> and <see cref="Abandoned"/> must be called: the rules hold their evaluators until then.
/// </summary>
/// <param name="Taken">Per reading of the call, in order: true when it was evaluated here and must not be queued.</param>
/// <param name="Fences">The fences of the partitions evaluated: the transaction commits only while every one is current.</param>
/// <param name="Committed">Called after the commit: counts, wakes the outbox, lets the rules go on.</param>
/// <param name="Abandoned">Called when the transaction did not commit: the rules drop the evaluators that ran ahead of what is stored.</param>
internal sealed record IngestRulesOutcome(IReadOnlyList<bool> Taken, IReadOnlyList<LeaseFence> Fences, Action Committed, Action Abandoned)
{
    /// <summary>Nothing evaluated: every reading is queued.</summary>
    public static IngestRulesOutcome None(int readings) => new(new bool[readings], [], static () => { }, static () => { });

    /// <summary>Whether some reading was evaluated.</summary>
    public bool Any => Taken.Contains(true);
}
