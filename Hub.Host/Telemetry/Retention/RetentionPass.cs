using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>
/// One pass of retention (issue 17 item 6): roll up every raw reading not rolled up yet, then delete what is past its
/// retention: raw readings, minute and hour rollups, dead letters, finished outbox messages and processed files.
/// Every step is a sequence of batches of <c>Hub:Retention:BatchSize</c> rows, each its own short transaction, with
/// <c>Hub:Retention:BatchPause</c> between them so that ingest gets the write lock; a pass is bounded by counting
/// batches, never by the clock. Rolling up goes first, and raw rows are deleted only once rolled up, so a crash
/// anywhere leaves nothing counted twice or lost from the rollups.
/// </summary>
internal sealed class RetentionPass(
    ITelemetryHistoryStore history, IRecordRetentionStore records, ProcessedFilesSweep files, HubOptions options, TimeProvider time)
{
    private readonly RetentionOptions _retention = options.Retention;
    private readonly TelemetryOptions _telemetry = options.Telemetry;

    public async Task<RetentionPassResult> RunAsync(CancellationToken cancellationToken)
    {
        var batches = 0L;
        var batchSize = _retention.BatchSize;

        // Until caught up: a reading stored during the pass is rolled up by the next one.
        var rolledUp = 0L;
        for (int merged; (merged = await history.RollUpAsync(batchSize, cancellationToken).ConfigureAwait(false)) > 0;)
        {
            rolledUp += merged;
            batches++;
            await PauseAsync(cancellationToken).ConfigureAwait(false);
        }

        // The cutoffs are taken after rolling up: a pass that took long deletes nothing that became old meanwhile
        // without having been rolled up (RawBefore skips rows above the rollup mark anyway).
        var now = time.GetUtcNow();
        var raw = await DrainAsync(ct => history.DeleteRawBeforeAsync(now - _telemetry.RawRetention, batchSize, ct), cancellationToken).ConfigureAwait(false);
        var minute = await DrainAsync(ct => history.DeleteRollupsBeforeAsync(TelemetryResolution.Minute, now - _telemetry.RollupRetention.Minute, batchSize, ct), cancellationToken).ConfigureAwait(false);
        var hour = await DrainAsync(ct => history.DeleteRollupsBeforeAsync(TelemetryResolution.Hour, now - _telemetry.RollupRetention.Hour, batchSize, ct), cancellationToken).ConfigureAwait(false);
        var deadLetters = await DrainAsync(ct => records.DeleteDeadLettersAsync(now - _retention.ReplayedDeadLetters, now - _retention.DeadLetters, batchSize, ct), cancellationToken).ConfigureAwait(false);
        var outbox = await DrainAsync(ct => records.DeleteFinishedOutboxAsync(now - _retention.SentOutbox, batchSize, ct), cancellationToken).ConfigureAwait(false);
        var filesDeleted = files.Sweep(options.Resolve(options.Files.Processed), now - _retention.ProcessedFiles, cancellationToken);

        return new RetentionPassResult(
            rolledUp, raw.Rows, minute.Rows + hour.Rows, deadLetters.Rows, outbox.Rows, filesDeleted,
            batches + raw.Batches + minute.Batches + hour.Batches + deadLetters.Batches + outbox.Batches);

        async Task<(long Rows, long Batches)> DrainAsync(Func<CancellationToken, Task<int>> batch, CancellationToken ct)
        {
            var rows = 0L;
            var count = 0L;
            int deleted;
            do
            {
                deleted = await batch(ct).ConfigureAwait(false);
                rows += deleted;
                count++;
                if (deleted >= batchSize)
                {
                    await PauseAsync(ct).ConfigureAwait(false);
                }
            }
            // At least a batch: there may be more. PostgreSQL's raw step returns more than a batch when it dropped a
            // whole day partition; stopping there would leave the rows of the cutoff's own day to the next pass.
            while (deleted >= batchSize);

            return (rows, count);
        }
    }

    private Task PauseAsync(CancellationToken cancellationToken) =>
        _retention.BatchPause > TimeSpan.Zero ? Task.Delay(_retention.BatchPause, time, cancellationToken) : Task.CompletedTask;
}
