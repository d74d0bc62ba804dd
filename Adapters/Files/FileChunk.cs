using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files;

/// <summary>A batch of rows read from one file: the rows that parsed, and the rows that did not.</summary>
public sealed record FileChunk(
    string Source,
    string File,
    IReadOnlyList<SourceRecord> Records,
    IReadOnlyList<RejectedRow> Rejected);
