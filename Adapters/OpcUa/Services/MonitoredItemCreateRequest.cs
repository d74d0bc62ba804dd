using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 4 5.12.2.2: ItemToMonitor (ReadValueId), MonitoringMode (2 = Reporting), RequestedParameters
/// (MonitoringParameters, Part 4 7.21: ClientHandle, SamplingInterval, Filter, QueueSize, DiscardOldest).
/// </summary>
internal sealed record MonitoredItemCreateRequest(
    ReadValueId ItemToMonitor, uint ClientHandle, double SamplingInterval, IEncodeable? Filter, uint QueueSize, bool DiscardOldest)
{
    public void Encode(BinaryEncoder e)
    {
        ItemToMonitor.Encode(e);
        e.WriteInt32(2); // MonitoringMode Reporting
        e.WriteUInt32(ClientHandle);
        e.WriteDouble(SamplingInterval);
        e.WriteExtensionObject(Filter);
        e.WriteUInt32(QueueSize);
        e.WriteBoolean(DiscardOldest);
    }
}
