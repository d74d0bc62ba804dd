using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.3.2: one node's outcome, its continuation point (null when done) and its values.</summary>
internal sealed record HistoryReadResult(StatusCode StatusCode, byte[]? ContinuationPoint, ExtensionObject? HistoryData)
{
    public static HistoryReadResult Decode(BinaryDecoder d) => new(d.ReadStatusCode(), d.ReadByteString(), d.ReadExtensionObject());
}
