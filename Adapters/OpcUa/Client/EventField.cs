using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// A field of an event to select or to test in a where clause (Part 4 7.7.4.5, SimpleAttributeOperand): the event type
/// that defines it and the browse path from that type, for example ConditionType and ActiveState/Id.
/// </summary>
/// <param name="TypeDefinitionId">The event type that defines the field (BaseEventType, ConditionType, AlarmConditionType...).</param>
/// <param name="BrowsePath">The browse names from the type to the field; empty with <see cref="Attributes.NodeId"/> for the condition's own NodeId.</param>
/// <param name="AttributeId">The attribute; Value except for the ConditionId (NodeId of the type itself).</param>
public sealed record EventField(NodeId TypeDefinitionId, IReadOnlyList<QualifiedName> BrowsePath, uint AttributeId = Attributes.Value)
{
    /// <summary>A field by a path of browse names of namespace 0, separated by '/' (for example "ActiveState/Id").</summary>
    /// <exception cref="ArgumentException">The path is empty or has an empty step.</exception>
    public static EventField Of(NodeId typeDefinitionId, string path)
    {
        ArgumentNullException.ThrowIfNull(typeDefinitionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var steps = path.Split('/');
        if (steps.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"The event field path '{path}' has an empty step; write it like ActiveState/Id.", nameof(path));
        }

        return new EventField(typeDefinitionId, steps.Select(s => new QualifiedName(0, s)).ToList());
    }

    /// <summary>The ConditionId: the NodeId of the condition an event is about (Part 9 5.5.2, selected with an empty path).</summary>
    public static EventField ConditionId { get; } = new(WellKnownNodeIds.ConditionType, [], Attributes.NodeId);

    /// <inheritdoc />
    public override string ToString() => $"{TypeDefinitionId}:{(BrowsePath.Count == 0 ? "(node)" : string.Join("/", BrowsePath.Select(q => q.Name)))}";

    internal SimpleAttributeOperand ToOperand() => new(TypeDefinitionId, BrowsePath, AttributeId);
}
