using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.11.2.2: the outcome of one method call and its output arguments.</summary>
internal sealed record CallMethodResult(StatusCode StatusCode, StatusCode[] InputArgumentResults, Variant[] OutputArguments)
{
    public static CallMethodResult Decode(BinaryDecoder d)
    {
        var status = d.ReadStatusCode();
        var inputResults = d.ReadArrayOrEmpty("StatusCode", x => x.ReadStatusCode(), 4);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        var outputs = d.ReadArrayOrEmpty("Variant", x => x.ReadVariant());
        return new CallMethodResult(status, inputResults, outputs);
    }
}
