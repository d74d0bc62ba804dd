using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.5.2.2 (encoding i=446). RequestType: 0 Issue, 1 Renew.</summary>
internal sealed class OpenSecureChannelRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(446);

    public RequestHeader RequestHeader { get; } = new();

    public uint ClientProtocolVersion { get; init; }

    public int RequestType { get; init; }

    public MessageSecurityMode SecurityMode { get; init; } = MessageSecurityMode.None;

    public byte[]? ClientNonce { get; init; }

    public uint RequestedLifetime { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(ClientProtocolVersion);
        e.WriteInt32(RequestType);
        e.WriteInt32((int)SecurityMode);
        e.WriteByteString(ClientNonce);
        e.WriteUInt32(RequestedLifetime);
    }
}
