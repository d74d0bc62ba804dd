using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.25.4 (encoding i=820): the subscription's state changed (e.g. BadTimeout when it expired).</summary>
internal sealed record StatusChangeNotification(StatusCode Status, DiagnosticInfo DiagnosticInfo) : IEncodeable
{
    public const uint EncodingId = 820;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteStatusCode(Status);
        encoder.WriteDiagnosticInfo(DiagnosticInfo);
    }

    public static StatusChangeNotification Decode(BinaryDecoder d) => new(d.ReadStatusCode(), d.ReadDiagnosticInfo());
}
