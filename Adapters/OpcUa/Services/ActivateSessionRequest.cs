using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.6.3 (encoding i=467).</summary>
internal sealed class ActivateSessionRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(467);

    public RequestHeader RequestHeader { get; } = new();

    public SignatureData ClientSignature { get; init; } = SignatureData.Empty;

    public IReadOnlyList<string>? LocaleIds { get; init; }

    public required IEncodeable UserIdentityToken { get; init; }

    public SignatureData UserTokenSignature { get; init; } = SignatureData.Empty;

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        ClientSignature.Encode(e);
        e.WriteInt32(-1); // ClientSoftwareCertificates
        e.WriteArray(LocaleIds, (x, s) => x.WriteString(s));
        e.WriteExtensionObject(UserIdentityToken);
        UserTokenSignature.Encode(e);
    }
}
