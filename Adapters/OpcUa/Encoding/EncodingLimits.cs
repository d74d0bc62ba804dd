namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Limits applied while decoding, checked before anything is allocated, so that a hostile or broken peer
/// cannot make the client allocate unbounded memory or recurse without end.
/// </summary>
public sealed record EncodingLimits
{
    /// <summary>The defaults used by the client.</summary>
    public static EncodingLimits Default { get; } = new();

    /// <summary>Maximum length of a String in bytes. <value>The default value is 1 MiB.</value></summary>
    public int MaxStringLength { get; init; } = 1024 * 1024;

    /// <summary>Maximum length of a ByteString in bytes. <value>The default value is 16 MiB.</value></summary>
    public int MaxByteStringLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Maximum number of elements of an array. <value>The default value is 1,000,000.</value></summary>
    public int MaxArrayLength { get; init; } = 1_000_000;

    /// <summary>Maximum nesting of Variants, DiagnosticInfos and structures. <value>The default value is 64.</value></summary>
    public int MaxNestingDepth { get; init; } = 64;
}
