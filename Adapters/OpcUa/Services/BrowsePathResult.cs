using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.9.2: the outcome of translating one browse path.</summary>
public sealed record BrowsePathResult(StatusCode StatusCode, IReadOnlyList<BrowsePathTarget> Targets)
{
    internal static BrowsePathResult Decode(BinaryDecoder d) =>
        new(d.ReadStatusCode(), d.ReadArrayOrEmpty("BrowsePathTarget", BrowsePathTarget.Decode, 6));
}
