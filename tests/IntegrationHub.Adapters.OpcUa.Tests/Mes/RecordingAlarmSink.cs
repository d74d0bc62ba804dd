using System.Collections.Concurrent;
using IntegrationHub.Adapters.OpcUa.Mes;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>Keeps every alarm change the MES adapter applies, in order.</summary>
internal sealed class RecordingAlarmSink : IMesAlarmSink
{
    private readonly ConcurrentQueue<MesAlarmChange> _changes = new();

    public IReadOnlyList<MesAlarmChange> Changes => [.. _changes];

    public int Count(MesAlarmChangeKind kind, string assetId) => Changes.Count(c => c.Kind == kind && c.AssetId == assetId);

    /// <summary>The alarms this sink says the hub holds active (as a store would after a restart).</summary>
    public IReadOnlyList<(string AssetId, string Code)> Held { get; init; } = [];

    /// <summary>When set, reading the held alarms fails with it (a store that cannot be read).</summary>
    public Exception? HeldError { get; init; }

    public Task<IReadOnlyList<(string AssetId, string Code)>> HeldActiveAsync(CancellationToken cancellationToken) =>
        HeldError is { } error ? Task.FromException<IReadOnlyList<(string, string)>>(error) : Task.FromResult(Held);

    public Task ApplyAsync(IReadOnlyList<MesAlarmChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            _changes.Enqueue(change);
        }

        return Task.CompletedTask;
    }
}
