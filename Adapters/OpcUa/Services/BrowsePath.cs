using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.9.2: a start node and a relative path of browse names.</summary>
public sealed record BrowsePath(NodeId StartingNode, IReadOnlyList<RelativePathElement> Elements)
{
    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(StartingNode);
        e.WriteArray(Elements, (x, el) => el.Encode(x)); // RelativePath is a structure with one field, Elements
    }
}
