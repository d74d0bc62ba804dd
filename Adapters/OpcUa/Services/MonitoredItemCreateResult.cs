using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.12.2.2: the server's answer for one monitored item.</summary>
internal sealed record MonitoredItemCreateResult(StatusCode StatusCode, uint MonitoredItemId, double RevisedSamplingInterval, uint RevisedQueueSize, ExtensionObject? FilterResult)
{
    public static MonitoredItemCreateResult Decode(BinaryDecoder d) =>
        new(d.ReadStatusCode(), d.ReadUInt32(), d.ReadDouble(), d.ReadUInt32(), d.ReadExtensionObject());
}
