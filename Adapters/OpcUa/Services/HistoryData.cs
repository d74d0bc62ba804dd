using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 11 6.6.2 (encoding i=658): the values of a raw history read.</summary>
internal sealed record HistoryData(DataValue[] DataValues) : IEncodeable
{
    public const uint EncodingId = 658;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder) => encoder.WriteArray(DataValues, (x, v) => x.WriteDataValue(v));

    // A DataValue is at least its mask byte.
    public static HistoryData Decode(BinaryDecoder d) => new(d.ReadArrayOrEmpty("DataValue", x => x.ReadDataValue(), 1));
}
