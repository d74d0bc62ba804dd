using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.30: a reference found by Browse.</summary>
public sealed record ReferenceDescription(
    NodeId ReferenceTypeId,
    bool IsForward,
    ExpandedNodeId NodeId,
    QualifiedName BrowseName,
    LocalizedText DisplayName,
    NodeClass NodeClass,
    ExpandedNodeId TypeDefinition)
{
    internal static ReferenceDescription Decode(BinaryDecoder d) => new(
        d.ReadNodeId(), d.ReadBoolean(), d.ReadExpandedNodeId(), d.ReadQualifiedName(), d.ReadLocalizedText(),
        (NodeClass)d.ReadInt32(), d.ReadExpandedNodeId());
}
