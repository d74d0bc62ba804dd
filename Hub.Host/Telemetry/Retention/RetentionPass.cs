using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Adapters.Files;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>
/// One pass of retention (issue 17 item 6): roll up every raw reading not rolled up yet, then delete what is past its
/// retention: raw readings, minute and hour rollups, dead letters, finished outbox messages and processed files.
/// Every step is a sequence of batches, each its own short transaction, from <c>Hub:Retention:BatchSize</c> rows
/// growing while the step has a backlog (<see cref="AdaptiveBatch"/>), with
/// <c>Hub:Retention:BatchPause</c> between them so that ingest gets the write lock; a step goes on until a batch
/// finds less than a full batch to do. Rolling up goes first, and raw rows are deleted only once rolled up, so a crash
/// anywhere leaves nothing counted twice or lost from the rollups.
/// </summary>
internal sealed class RetentionPass(
    ITelemetryHistoryStore history, IRecordRetentionStore records, ProcessedFilesSweep files, HubOptions options, IOptions<FileDropOptions> fileDrop, TimeProvider time)
{
    private readonly RetentionOptions _retention = options.Retention;
    private readonly TelemetryOptions _telemetry = options.Telemetry;

    public async Task<RetentionPassResult> RunAsync(CancellationToken cancellationToken)
    {
        // Until caught up, that is until a batch comes back less than full: both stores take a batch from the oldest
        // reading not rolled up (SQLite's rowids above the mark are dense; PostgreSQL's queue is read with a LIMIT), so
        // a short batch reached the newest reading of that moment. Readings stored since are the next pass's. Going on
        // until a batch found none chased the live stream instead: at 5,000 readings/s each batch found the few dozen
        // readings stored while the one before ran, and one pass of the quiet PostgreSQL soak spent 41 s in 2,715 such
        // batches while no raw reading was deleted and the database grew by a fifth.
        var rollUp = await DrainAsync((size, ct) => history.RollUpAsync(size, ct), cancellationToken).ConfigureAwait(false);

        // The cutoffs are taken after rolling up: a pass that took long deletes nothing that became old meanwhile
        // without having been rolled up (RawBefore skips rows above the rollup mark anyway).
        var now = time.GetUtcNow();
        var rawCutoff = now - _telemetry.RawRetention;
        var raw = await DrainAsync((size, ct) => history.DeleteRawBeforeAsync(rawCutoff, size, ct), cancellationToken).ConfigureAwait(false);
        if (rollUp.Rows + raw.Rows > 0)
        {
            await history.ReclaimSpaceAsync(now, rawCutoff, cancellationToken).ConfigureAwait(false);
        }

        var minute = await DrainAsync((size, ct) => history.DeleteRollupsBeforeAsync(TelemetryResolution.Minute, now - _telemetry.RollupRetention.Minute, size, ct), cancellationToken).ConfigureAwait(false);
        var hour = await DrainAsync((size, ct) => history.DeleteRollupsBeforeAsync(TelemetryResolution.Hour, now - _telemetry.RollupRetention.Hour, size, ct), cancellationToken).ConfigureAwait(false);
        var deadLetters = await DrainAsync((size, ct) => records.DeleteDeadLettersAsync(now - _retention.ReplayedDeadLetters, now - _retention.DeadLetters, size, ct), cancellationToken).ConfigureAwait(false);
        var outbox = await DrainAsync((size, ct) => records.DeleteFinishedOutboxAsync(now - _retention.SentOutbox, size, ct), cancellationToken).ConfigureAwait(false);
        var filesDeleted = await files.SweepAsync(options.Resolve(fileDrop.Value.Processed), now - _retention.ProcessedFiles, cancellationToken).ConfigureAwait(false);

        return new RetentionPassResult(
            rollUp.Rows, raw.Rows, minute.Rows + hour.Rows, deadLetters.Rows, outbox.Rows, filesDeleted,
            rollUp.Batches + raw.Batches + minute.Batches + hour.Batches + deadLetters.Batches + outbox.Batches);
    }

    /// <summary>
    /// Runs one step batch after batch while a batch comes back full, each its own short transaction, the batch size
    /// adapting to the backlog (<see cref="AdaptiveBatch"/>); a step never stops while its cut-off still has rows.
    /// Counts the batches taken.
    /// </summary>
    private async Task<(long Rows, long Batches)> DrainAsync(Func<int, CancellationToken, Task<int>> batch, CancellationToken cancellationToken)
    {
        var size = new AdaptiveBatch(_retention.BatchSize);
        var rows = 0L;
        var count = 0L;
        bool more;
        do
        {
            var started = time.GetTimestamp();
            var done = await batch(size.Size, cancellationToken).ConfigureAwait(false);
            rows += done;
            count++;
            // At least a batch: there may be more. PostgreSQL's raw step returns more than a batch when it dropped a
            // whole day partition; stopping there would leave the rows of the cutoff's own day to the next pass.
            more = size.Record(done, time.GetElapsedTime(started));

            if (more)
            {
                await PauseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        while (more);

        return (rows, count);
    }

    private Task PauseAsync(CancellationToken cancellationToken) =>
        _retention.BatchPause > TimeSpan.Zero ? Task.Delay(_retention.BatchPause, time, cancellationToken) : Task.CompletedTask;
}
