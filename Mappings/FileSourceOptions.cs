namespace IntegrationHub.Mappings;

/// <summary>
/// The <c>file:</c> section of a mapping: which dropped files belong to the source and how to read them. The
/// mapping engine only parses and validates it; the file-drop adapter acts on it.
/// </summary>
public sealed record FileSourceOptions
{
    /// <summary>The encodings a mapping may name.</summary>
    public static IReadOnlyList<string> KnownEncodings { get; } = ["auto", "utf-8", "gb18030"];

    /// <summary>
    /// A file-name pattern with <c>*</c> and <c>?</c>, for example <c>orders*.csv</c>, matched case-insensitively
    /// against the file's name (not its folder).
    /// </summary>
    public required string Match { get; init; }

    /// <summary>
    /// <c>auto</c> (a BOM, else strict UTF-8, else GB18030), <c>utf-8</c>, or <c>gb18030</c> (also reads GBK
    /// exports of Kingdee and Yonyou, GB18030 being its superset).
    /// </summary>
    /// <value>The default value is <c>auto</c>.</value>
    public string Encoding { get; init; } = "auto";

    /// <summary>The field delimiter.</summary>
    /// <value>The default value is <c>,</c>.</value>
    public char Delimiter { get; init; } = ',';

    /// <summary>For Excel files (.xlsx, .xls): the sheet to read, by name (case-insensitive); null reads the first sheet.</summary>
    public string? Sheet { get; init; }
}
