using IntegrationHub.Adapters.Abstractions.Scheduling;

namespace IntegrationHub.Adapters.Sql;

/// <summary>When the poller polls: its Interval, or its Schedule with missed occurrences made up once (issue 21 item 4).</summary>
public sealed partial class SqlSourcePoller
{
    // The last run is read from the store, which may be unreachable at start: retried with backoff like a poll.
    private async Task<PollDue> FirstDueAsync(CancellationToken cancellationToken)
    {
        var due = await _retry.ExecuteAsync(async ct => await _cadence.FirstDueAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (_cadence.Schedule is { } schedule)
        {
            if (due.CatchUpReason is { } reason)
            {
                SqlPollLog.CatchingUp(_logger, _source.Name, schedule.ToString(), reason);
            }
            else
            {
                SqlPollLog.NextOccurrence(_logger, _source.Name, due.At, schedule.ToString());
            }
        }

        return due;
    }

    // A run that could not be recorded costs at most one extra poll after a restart (rows are read from the watermark,
    // and applying them again changes nothing): logged, not retried.
    private async Task RecordRunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        try
        {
            await _cadence.RecordAsync(startedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SqlPollLog.RunNotRecorded(_logger, ex, _source.Name, Describe(ex));
        }
    }
}
