using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>The structures that the decoder turns from ExtensionObject bodies into typed values.</summary>
internal static class ServiceTypes
{
    public static Dictionary<uint, Func<BinaryDecoder, IEncodeable>> CreateExtensionObjectDecoders() => new()
    {
    };
}
