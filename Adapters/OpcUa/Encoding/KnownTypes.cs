using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Decoders of the structures the client understands inside ExtensionObjects, by the numeric id of their
/// "Default Binary" encoding in namespace 0 (UA-Nodeset Schema/NodeIds.csv).
/// </summary>
internal static class KnownTypes
{
    private static readonly Dictionary<uint, Func<BinaryDecoder, IEncodeable>> Decoders = ServiceTypes.CreateExtensionObjectDecoders();

    public static bool TryGetDecoder(uint binaryEncodingId, out Func<BinaryDecoder, IEncodeable> decode)
        => Decoders.TryGetValue(binaryEncodingId, out decode!);
}
