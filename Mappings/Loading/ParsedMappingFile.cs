using YamlDotNet.Core;

namespace IntegrationHub.Mappings.Loading;

/// <summary>What one file yielded: its source name (for the duplicate check, even when the file has errors) and
/// its mapping when it had none.</summary>
internal sealed record ParsedMappingFile(string File, string? Source, Mark SourceMark, SourceMapping? Mapping);
