namespace IntegrationHub.Mappings;

/// <summary>
/// An error in a mapping file, found when the files are loaded. The message says what was expected, what was
/// found and how to fix it.
/// </summary>
/// <param name="File">The mapping file's path, as it was given to the loader.</param>
/// <param name="Line">The 1-based line of the offending node.</param>
/// <param name="Column">The 1-based column of the offending node.</param>
/// <param name="Message">What is wrong and the fix.</param>
public sealed record MappingError(string File, int Line, int Column, string Message)
{
    /// <summary>Formats the error as compilers do: <c>file:line:column: message</c>.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}");
}
