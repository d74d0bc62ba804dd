using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>
/// Maps open dead letters again (after their mapping was fixed) and stores what now succeeds, marking those letters
/// replayed; what still fails stays open with its new reason. Used by <c>hub dead-letters replay</c> and the admin page.
/// </summary>
internal sealed class DeadLetterReplay(IHubStore store, RecordMapper mapper, ReadingAdmission admission, TimeProvider time)
{
    private const int Batch = 1_000;

    public async Task<DeadLetterReplayResult> ReplayAsync(string? source, CancellationToken cancellationToken)
    {
        var letters = await store.ListDeadLettersAsync(source, includeReplayed: false, int.MaxValue, cancellationToken).ConfigureAwait(false);
        int replayed = 0, unreplayable = 0;
        var stillFailing = new List<(string Reference, string Reason)>();
        foreach (var batch in letters.Chunk(Batch))
        {
            var replayable = batch
                .Select(l => (Letter: l, Fields: RecordMapper.DeserializeFields(l.Payload)))
                .Where(x => x.Fields is not null)
                .ToList();
            unreplayable += batch.Length - replayable.Count;
            var records = replayable.Select(x => new SourceRecord(x.Letter.Source, x.Letter.Reference, x.Fields!, x.Letter.CreatedAt)).ToList();
            // A replayed reading passes the same owner and clock checks as a live one (issue 16 item 19): replaying
            // every letter after a mapping fix must not store a hostile reading or one whose time has not come.
            var mapped = await admission.AdmitAsync(mapper.Map(records), cancellationToken).ConfigureAwait(false);
            var failedRefs = mapped.Failures.Select(f => f.Record.Reference).ToHashSet(StringComparer.Ordinal);
            var done = replayable.Where(x => !failedRefs.Contains(x.Letter.Reference)).Select(x => x.Letter.Id).ToList();

            await store.ApplyAsync(mapped.Changes, [], cancellationToken).ConfigureAwait(false);
            await store.MarkDeadLettersReplayedAsync(done, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            replayed += done.Count;
            stillFailing.AddRange(mapped.Failures.Select(f => (f.Record.Reference, f.Letter.Reason)));
        }

        return new DeadLetterReplayResult(replayed, [.. stillFailing.Select(f => new DeadLetterFailure(f.Reference, f.Reason))], unreplayable);
    }
}

/// <summary>What a replay did: letters stored now, letters that still fail (with why), raw rows that never parsed.</summary>
internal sealed record DeadLetterReplayResult(int Replayed, IReadOnlyList<DeadLetterFailure> StillFailing, int Unreplayable);

/// <summary>A dead letter that failed again, and why.</summary>
internal sealed record DeadLetterFailure(string Reference, string Reason);
