using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.37: a signature and its algorithm URI.</summary>
internal sealed record SignatureData(string? Algorithm, byte[]? Signature)
{
    public static readonly SignatureData Empty = new(null, null);

    public void Encode(BinaryEncoder e)
    {
        e.WriteString(Algorithm);
        e.WriteByteString(Signature);
    }

    public static SignatureData Decode(BinaryDecoder d) => new(d.ReadString(), d.ReadByteString());
}
