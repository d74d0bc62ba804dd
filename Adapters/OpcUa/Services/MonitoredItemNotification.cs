using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.25.2: a new value of the monitored item with this client handle.</summary>
internal sealed record MonitoredItemNotification(uint ClientHandle, DataValue Value)
{
    public static MonitoredItemNotification Decode(BinaryDecoder d) => new(d.ReadUInt32(), d.ReadDataValue());
}
