using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.6.2 (encoding i=461).</summary>
internal sealed class CreateSessionRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(461);

    public RequestHeader RequestHeader { get; } = new();

    public ApplicationDescription ClientDescription { get; init; } = new();

    public string? ServerUri { get; init; }

    public string? EndpointUrl { get; init; }

    public string? SessionName { get; init; }

    public byte[]? ClientNonce { get; init; }

    public byte[]? ClientCertificate { get; init; }

    public double RequestedSessionTimeout { get; init; }

    public uint MaxResponseMessageSize { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        ClientDescription.Encode(e);
        e.WriteString(ServerUri);
        e.WriteString(EndpointUrl);
        e.WriteString(SessionName);
        e.WriteByteString(ClientNonce);
        e.WriteByteString(ClientCertificate);
        e.WriteDouble(RequestedSessionTimeout);
        e.WriteUInt32(MaxResponseMessageSize);
    }
}
