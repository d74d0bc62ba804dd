namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Vendor-specific diagnostics (Part 4 7.12, Part 6 5.2.2.12). The Int32 fields index the response header's
/// string table.
/// </summary>
public sealed record DiagnosticInfo
{
    /// <summary>Index of the symbolic id in the string table.</summary>
    public int? SymbolicId { get; init; }

    /// <summary>Index of the namespace URI in the string table.</summary>
    public int? NamespaceUri { get; init; }

    /// <summary>Index of the locale in the string table.</summary>
    public int? Locale { get; init; }

    /// <summary>Index of the localized text in the string table.</summary>
    public int? LocalizedText { get; init; }

    /// <summary>Detailed application-specific information.</summary>
    public string? AdditionalInfo { get; init; }

    /// <summary>A status code from an underlying system.</summary>
    public StatusCode? InnerStatusCode { get; init; }

    /// <summary>Diagnostics of the inner status code.</summary>
    public DiagnosticInfo? InnerDiagnosticInfo { get; init; }
}
