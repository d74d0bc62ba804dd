namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// What <c>hub store copy</c> did: the outcome, the counts per table as far as the copy got, and the problem when it
/// did not copy, with whether the target was seen empty afterwards.
/// </summary>
internal sealed record StoreCopyResult(StoreCopyOutcome Outcome, IReadOnlyList<TableCount> Tables, string? Problem, TimeSpan Elapsed)
{
    public long Rows => Tables.Sum(t => t.TargetRows ?? 0);
}
