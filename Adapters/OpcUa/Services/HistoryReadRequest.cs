using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.3 (encoding i=664): HistoryRead of values (raw) or releasing continuation points.</summary>
internal sealed class HistoryReadRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(664);

    public RequestHeader RequestHeader { get; } = new();

    /// <summary>The kind of history read (Part 11 6.5); only <see cref="ReadRawModifiedDetails"/> here.</summary>
    public required ReadRawModifiedDetails HistoryReadDetails { get; init; }

    /// <summary>NEITHER is invalid for HistoryRead (Part 4 5.10.3.2).</summary>
    public TimestampsToReturn TimestampsToReturn { get; init; } = TimestampsToReturn.Both;

    /// <summary>True to free the continuation points passed in <see cref="NodesToRead"/> instead of reading on.</summary>
    public bool ReleaseContinuationPoints { get; init; }

    public required IReadOnlyList<HistoryReadValueId> NodesToRead { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteExtensionObject(HistoryReadDetails); // ExtensionObject (Part 4 7.17 extensible parameter)
        e.WriteInt32((int)TimestampsToReturn);      // Enumeration as Int32
        e.WriteBoolean(ReleaseContinuationPoints);  // Boolean
        e.WriteArray(NodesToRead, (x, n) => n.Encode(x));
    }
}
