using System.Collections.Concurrent;
using IntegrationHub.Adapters.OpcUa.Mes;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>Keeps every alarm change the MES adapter applies, in order.</summary>
internal sealed class RecordingAlarmSink : IMesAlarmSink
{
    private readonly ConcurrentQueue<MesAlarmChange> _changes = new();

    public IReadOnlyList<MesAlarmChange> Changes => [.. _changes];

    public int Count(MesAlarmChangeKind kind, string assetId) => Changes.Count(c => c.Kind == kind && c.AssetId == assetId);

    public Task ApplyAsync(IReadOnlyList<MesAlarmChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            _changes.Enqueue(change);
        }

        return Task.CompletedTask;
    }
}
