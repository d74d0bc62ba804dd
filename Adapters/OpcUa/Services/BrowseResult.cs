using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.6: the references of one browsed node; a continuation point when more remain.</summary>
public sealed record BrowseResult(StatusCode StatusCode, byte[]? ContinuationPoint, IReadOnlyList<ReferenceDescription> References)
{
    internal static BrowseResult Decode(BinaryDecoder d) => new(
        d.ReadStatusCode(), d.ReadByteString(), d.ReadArrayOrEmpty("ReferenceDescription", ReferenceDescription.Decode, 10));
}
