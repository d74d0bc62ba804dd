namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>
/// Where scheduled work keeps the time of its last run, so that a node that was down (or did not hold the work's lease)
/// at an occurrence runs once when it starts, and a restart after a run does not run again. The hub keeps it in its
/// store, beside the pollers' watermarks.
/// </summary>
public interface IScheduleLog
{
    /// <summary>When <paramref name="work"/> (<c>sql:erp-orders</c>) last ran to the end, or null if it never did.</summary>
    Task<DateTimeOffset?> LastRunAsync(string work, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="work"/> ran to the end, having started at <paramref name="startedAt"/>.</summary>
    Task RecordRunAsync(string work, DateTimeOffset startedAt, CancellationToken cancellationToken);
}
