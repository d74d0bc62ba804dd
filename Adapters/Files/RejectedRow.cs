namespace IntegrationHub.Adapters.Files;

/// <summary>A row that could not be imported, with where it was and why.</summary>
/// <param name="File">The file name.</param>
/// <param name="Line">The line of the file where the row starts (1 is the header).</param>
/// <param name="Column">The column at fault, when one is.</param>
/// <param name="Reason">What was expected and what was found.</param>
/// <param name="Raw">The row as it stood in the file, so that nothing is lost.</param>
public sealed record RejectedRow(string File, int Line, string? Column, string Reason, string Raw);
