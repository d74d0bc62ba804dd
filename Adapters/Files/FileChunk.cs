using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files;

/// <summary>A batch of rows read from one file: the rows that parsed, and the rows that did not.</summary>
public sealed record FileChunk(
    string Source,
    string File,
    IReadOnlyList<SourceRecord> Records,
    IReadOnlyList<RejectedRow> Rejected)
{
    /// <summary>
    /// SHA-256 of the file's content (hex), so that a sink can key the file's dead letters by source, content and
    /// line: importing the same export again, or again after a crash, adds none twice (issue 16, item 20).
    /// </summary>
    public string? ContentHash { get; init; }

    /// <summary>
    /// How many more of the file's rejected rows the sink may dead-letter; the rest are only counted, and the file is
    /// kept whole in failed/ (issue 16, item 6).
    /// </summary>
    /// <value>The default value is <see cref="int.MaxValue"/>.</value>
    public int DeadLetterBudget { get; init; } = int.MaxValue;

    /// <summary>
    /// State that lives for the import of the chunk's whole file, the same object for each of its chunks, so that a
    /// sink can relate rows across chunks (a flat export's header repeated on every line, issue 23 item 5); null when
    /// the chunk was read on its own.
    /// </summary>
    public FileImportScope? Scope { get; init; }
}
