using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.7.2: the outcome for one subscription and the sequence numbers it still holds.</summary>
internal sealed record TransferResult(StatusCode StatusCode, uint[] AvailableSequenceNumbers)
{
    public static TransferResult Decode(BinaryDecoder d) => new(d.ReadStatusCode(), d.ReadArrayOrEmpty("UInt32", x => x.ReadUInt32(), 4));
}
