namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Where the rules stage, the desk and the portal's ticket reads begin their units of work: alarm state, alarms,
/// tickets and their history, holds, counters and queued notifications (issue 17 item 1).
/// </summary>
internal interface IRulesStore
{
    /// <summary>
    /// Begins one unit of work on a connection of its own. Nothing is stored until
    /// <see cref="IRulesUnitOfWork.CommitAsync(CancellationToken)"/>; disposing without it rolls everything back.
    /// </summary>
    Task<IRulesUnitOfWork> BeginAsync(CancellationToken cancellationToken);
}
