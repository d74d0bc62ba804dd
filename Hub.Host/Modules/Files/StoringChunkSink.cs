using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.Logging;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Modules.Files;

/// <summary>
/// Where the file-drop adapter's rows go: mapped (<see cref="Prepare"/>, while the chunk before may still be being
/// stored), then stored with the chunk's dead letters in one transaction (<see cref="PreparedStoreChunk"/>), so that a
/// file is moved to processed/ only after its effect is durable.
/// </summary>
internal sealed class StoringChunkSink(RecordMapper mapper, IHubStore store, TimeProvider time, ILogger<StoringChunkSink> logger)
    : IFileChunkSink
{
    public IPreparedFileChunk Prepare(FileChunk chunk)
    {
        // One ledger per file, kept in the file's scope across its chunks; a chunk read on its own gets its own.
        var ledger = chunk.Scope?.GetOrAdd(() => new RepeatedRowLedger()) ?? new RepeatedRowLedger();
        var batch = mapper.Map(chunk.Records, ledger);
        var now = time.GetUtcNow();
        // In file order, at most the file's remaining budget (issue 16, item 6), each keyed by the file's content and
        // its line so that importing the same content again stores it once (item 20).
        var deadLetters = batch.Failures
            .Select(f => (Line: FileReference.LineOf(f.Record.Reference), f.Letter))
            .Concat(chunk.Rejected.Select(r => (r.Line, Letter: DeadLetter.Create(
                chunk.Source,
                string.Create(CultureInfo.InvariantCulture, $"{r.File}:{r.Line}"),
                r.Raw,
                r.Reason,
                now))))
            .OrderBy(l => l.Line)
            .Take(chunk.DeadLetterBudget)
            .Select(l => chunk.ContentHash is { } hash
                ? l.Letter with { ContentKey = string.Create(CultureInfo.InvariantCulture, $"{hash}:{l.Line}") }
                : l.Letter)
            .ToList();

        var refused = batch.Failures
            .SelectMany(f => f.Errors.Select(e => new RejectedRow(
                chunk.File, FileReference.LineOf(f.Record.Reference), e.Column, e.ToString(), RowText(f.Record))))
            .ToList();
        return new PreparedStoreChunk(store, logger, chunk, batch.Changes, deadLetters, refused);
    }

    // The row as the file held it, for the operator's report (issue 23 item 6); the dead letter keeps its fields as JSON
    // for replay. A record without its text (from a sink test) shows its fields.
    private static string RowText(SourceRecord record) => record.Raw ?? RecordMapper.SerializeFields(record.Fields);
}
