using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.2 (encoding i=631).</summary>
internal sealed class ReadRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(631);

    public RequestHeader RequestHeader { get; } = new();

    public double MaxAge { get; init; }

    public TimestampsToReturn TimestampsToReturn { get; init; } = TimestampsToReturn.Both;

    public required IReadOnlyList<ReadValueId> NodesToRead { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteDouble(MaxAge);
        e.WriteInt32((int)TimestampsToReturn);
        e.WriteArray(NodesToRead, (x, r) => r.Encode(x));
    }
}
