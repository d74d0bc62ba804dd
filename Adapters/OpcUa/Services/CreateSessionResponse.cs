using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.6.2 (encoding i=464).</summary>
internal sealed record CreateSessionResponse(
    ResponseHeader ResponseHeader,
    NodeId SessionId,
    NodeId AuthenticationToken,
    double RevisedSessionTimeout,
    byte[]? ServerNonce,
    byte[]? ServerCertificate,
    EndpointDescription[] ServerEndpoints,
    SignatureData ServerSignature,
    uint MaxRequestMessageSize) : IServiceResponse
{
    public const uint EncodingId = 464;

    public static CreateSessionResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var sessionId = d.ReadNodeId();
        var token = d.ReadNodeId();
        var timeout = d.ReadDouble();
        var nonce = d.ReadByteString();
        var certificate = d.ReadByteString();
        var endpoints = d.ReadArrayOrEmpty("EndpointDescription", EndpointDescription.Decode, 20);
        // ServerSoftwareCertificates: SignedSoftwareCertificate[] (CertificateData ByteString, Signature ByteString), unused.
        d.ReadArray("SignedSoftwareCertificate", x => (x.ReadByteString(), x.ReadByteString()), 8);
        var signature = SignatureData.Decode(d);
        var maxRequest = d.ReadUInt32();
        return new CreateSessionResponse(header, sessionId, token, timeout, nonce, certificate, endpoints, signature, maxRequest);
    }
}
