using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>Where the MES adapter's records go: mapped and stored by the hub, one transaction per batch.</summary>
public interface IMesRecordSink
{
    /// <summary>Maps and stores one batch of records; records that fail their mapping become dead letters.</summary>
    Task StoreAsync(IReadOnlyList<SourceRecord> records, CancellationToken cancellationToken);
}
