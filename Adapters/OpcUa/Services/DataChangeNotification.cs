using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.25.2 (encoding i=811): MonitoredItems, DiagnosticInfos.</summary>
internal sealed record DataChangeNotification(MonitoredItemNotification[] MonitoredItems) : IEncodeable
{
    public const uint EncodingId = 811;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteArray(MonitoredItems, (x, m) =>
        {
            x.WriteUInt32(m.ClientHandle);
            x.WriteDataValue(m.Value);
        });
        encoder.WriteInt32(-1);
    }

    public static DataChangeNotification Decode(BinaryDecoder d)
    {
        var items = d.ReadArrayOrEmpty("MonitoredItemNotification", MonitoredItemNotification.Decode, 5);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new DataChangeNotification(items);
    }
}
