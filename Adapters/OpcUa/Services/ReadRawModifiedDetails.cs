using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 11 6.5.3 (encoding i=649): raw values of a time domain. A time of <see cref="DateTime.MinValue"/> is "not
/// specified" (encoded as 0); with only <see cref="StartTime"/> and <see cref="NumValuesPerNode"/> the server reads
/// forward from the start to the newest value it has.
/// </summary>
internal sealed record ReadRawModifiedDetails(DateTime StartTime, DateTime EndTime, uint NumValuesPerNode) : IEncodeable
{
    public const uint EncodingId = 649;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteBoolean(false);            // IsReadModified: raw values, not modification records
        encoder.WriteDateTime(StartTime);       // UtcTime
        encoder.WriteDateTime(EndTime);         // UtcTime
        encoder.WriteUInt32(NumValuesPerNode);  // Counter; 0 = all values of the domain
        encoder.WriteBoolean(false);            // ReturnBounds: no bounding values (they are not values of the gap)
    }
}
