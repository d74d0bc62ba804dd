using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.11.2.2: one method to call, on which object, with which input arguments.</summary>
/// <param name="ObjectId">The object (or object type) the method is called on.</param>
/// <param name="MethodId">The method.</param>
/// <param name="InputArguments">The input arguments, in the order the method declares them.</param>
internal sealed record CallMethodRequest(NodeId ObjectId, NodeId MethodId, IReadOnlyList<Variant> InputArguments)
{
    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(ObjectId);
        e.WriteNodeId(MethodId);
        e.WriteArray(InputArguments, (x, v) => x.WriteVariant(v));
    }
}
