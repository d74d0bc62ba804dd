using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.5 (encoding i=826).</summary>
internal sealed class PublishRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(826);

    public RequestHeader RequestHeader { get; } = new();

    public required IReadOnlyList<SubscriptionAcknowledgement> Acknowledgements { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(Acknowledgements, (x, a) =>
        {
            x.WriteUInt32(a.SubscriptionId);
            x.WriteUInt32(a.SequenceNumber);
        });
    }
}
