using YamlDotNet.Core;

namespace IntegrationHub.Mappings.Loading;

/// <summary>
/// What one file yielded: its source name and file pattern with their positions (for the checks across files,
/// even when the file has errors) and its mapping when it had none.
/// </summary>
internal sealed record ParsedMappingFile(string File, string? Source, Mark SourceMark, SourceMapping? Mapping)
{
    /// <summary>The <c>file.match</c> pattern, when the file declares a valid one.</summary>
    public string? Match { get; init; }

    public Mark MatchMark { get; init; } = Mark.Empty;
}
