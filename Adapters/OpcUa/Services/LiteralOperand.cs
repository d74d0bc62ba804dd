using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.7.4.3 (encoding i=597): a constant operand of a content filter element.</summary>
internal sealed record LiteralOperand(Variant Value) : IEncodeable
{
    public NodeId BinaryEncodingId { get; } = new(597);

    public void Encode(BinaryEncoder encoder) => encoder.WriteVariant(Value);
}
