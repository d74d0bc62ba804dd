using System.Collections.Concurrent;

namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>A schedule log in memory: what a poller used without the hub has; a restart forgets it (and polls at once).</summary>
public sealed class MemoryScheduleLog : IScheduleLog
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _runs = new(StringComparer.Ordinal);

    public Task<DateTimeOffset?> LastRunAsync(string work, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.TryGetValue(work, out var at) ? at : (DateTimeOffset?)null);

    public Task RecordRunAsync(string work, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        _runs[work] = startedAt;
        return Task.CompletedTask;
    }
}
