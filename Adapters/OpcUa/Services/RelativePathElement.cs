using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.31: one step of a browse path.</summary>
/// <param name="TargetName">The browse name of the target.</param>
public sealed record RelativePathElement(QualifiedName TargetName)
{
    /// <summary>Reference type to follow. <value>The default value is HierarchicalReferences (i=33).</value></summary>
    public NodeId ReferenceTypeId { get; init; } = WellKnownNodeIds.HierarchicalReferences;

    /// <summary>Follow the reference backwards.</summary>
    public bool IsInverse { get; init; }

    /// <summary>Follow subtypes too. <value>The default value is true.</value></summary>
    public bool IncludeSubtypes { get; init; } = true;

    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(ReferenceTypeId);
        e.WriteBoolean(IsInverse);
        e.WriteBoolean(IncludeSubtypes);
        e.WriteQualifiedName(TargetName);
    }
}
