using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.34: the common header of every response.</summary>
internal sealed record ResponseHeader(
    DateTime Timestamp,
    uint RequestHandle,
    StatusCode ServiceResult,
    DiagnosticInfo ServiceDiagnostics,
    string?[] StringTable)
{
    public static ResponseHeader Decode(BinaryDecoder d)
    {
        var timestamp = d.ReadDateTime();
        var handle = d.ReadUInt32();
        var result = d.ReadStatusCode();
        var diagnostics = d.ReadDiagnosticInfo();
        var strings = d.ReadArrayOrEmpty("String", x => x.ReadString(), 4);
        d.ReadExtensionObject(); // AdditionalHeader
        return new ResponseHeader(timestamp, handle, result, diagnostics, strings);
    }
}
