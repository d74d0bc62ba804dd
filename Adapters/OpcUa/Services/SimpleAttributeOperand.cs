using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 4 7.7.4.5 (encoding i=603): a field of an event, named by the event type that defines it and the browse path
/// from that type to the field (for example ConditionType, ["ActiveState", "Id"]).
/// </summary>
internal sealed record SimpleAttributeOperand(NodeId TypeDefinitionId, IReadOnlyList<QualifiedName> BrowsePath, uint AttributeId) : IEncodeable
{
    public const uint EncodingId = 603;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteNodeId(TypeDefinitionId);                            // TypeDefinitionId: NodeId
        encoder.WriteArray(BrowsePath, (x, q) => x.WriteQualifiedName(q)); // BrowsePath: QualifiedName[]
        encoder.WriteUInt32(AttributeId);                                 // AttributeId: IntegerId
        encoder.WriteString(null);                                        // IndexRange: NumericRange (none)
    }
}
