using System.Collections.Concurrent;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Mes;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>Keeps every record the MES adapter stores, in order.</summary>
internal sealed class RecordingMesSink : IMesRecordSink
{
    private readonly ConcurrentQueue<SourceRecord> _records = new();

    public IReadOnlyList<SourceRecord> Records => [.. _records];

    public Task StoreAsync(IReadOnlyList<SourceRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            _records.Enqueue(record);
        }

        return Task.CompletedTask;
    }
}
