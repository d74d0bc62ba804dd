using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.11.2 (encoding i=712).</summary>
internal sealed class CallRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(712);

    public RequestHeader RequestHeader { get; } = new();

    public required IReadOnlyList<CallMethodRequest> MethodsToCall { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(MethodsToCall, (x, m) => m.Encode(x));
    }
}
