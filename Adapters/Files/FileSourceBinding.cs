namespace IntegrationHub.Adapters.Files;

/// <summary>Which dropped files belong to a source, and how to read them.</summary>
/// <param name="Source">The source name, which selects the mapping.</param>
/// <param name="Match">A file-name pattern with <c>*</c> and <c>?</c>, for example <c>orders*.csv</c>; case-insensitive.</param>
/// <param name="Encoding"><c>auto</c> (BOM, else strict UTF-8, else GB18030), <c>utf-8</c> or <c>gb18030</c> (GBK files read as GB18030, its superset).</param>
/// <param name="Delimiter">The field delimiter.</param>
/// <param name="Sheet">For Excel files: the sheet to read by name; null reads the first.</param>
/// <param name="Columns">
/// The columns the mapping reads; a CSV file whose header names none of them is refused whole. Null skips the check.
/// </param>
public sealed record FileSourceBinding(
    string Source, string Match, string Encoding = "auto", char Delimiter = ',', string? Sheet = null, IReadOnlyList<string>? Columns = null);
