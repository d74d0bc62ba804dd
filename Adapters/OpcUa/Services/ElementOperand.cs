using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.7.4.2 (encoding i=594): the result of another element of the same content filter, by index.</summary>
internal sealed record ElementOperand(uint Index) : IEncodeable
{
    public NodeId BinaryEncodingId { get; } = new(594);

    public void Encode(BinaryEncoder encoder) => encoder.WriteUInt32(Index);
}
