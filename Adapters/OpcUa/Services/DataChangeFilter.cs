using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 4 7.22.2 (encoding i=724): Trigger (0 Status, 1 StatusValue, 2 StatusValueTimestamp), DeadbandType
/// (0 None, 1 Absolute, 2 Percent), DeadbandValue.
/// </summary>
internal sealed record DataChangeFilter(DataChangeTrigger Trigger, DeadbandType DeadbandType, double DeadbandValue) : IEncodeable
{
    public NodeId BinaryEncodingId { get; } = new(724);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteInt32((int)Trigger);
        encoder.WriteUInt32((uint)DeadbandType);
        encoder.WriteDouble(DeadbandValue);
    }
}
