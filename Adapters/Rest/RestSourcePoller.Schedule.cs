using IntegrationHub.Adapters.Abstractions.Scheduling;

namespace IntegrationHub.Adapters.Rest;

/// <summary>When the poller polls: its Interval, or its Schedule with missed occurrences made up once (issue 21 item 4).</summary>
public sealed partial class RestSourcePoller
{
    // The last run is read from the store, which may be unreachable at start: retried with backoff like a poll.
    private async Task<PollDue> FirstDueAsync(CancellationToken cancellationToken)
    {
        var due = await _pollRetry.ExecuteAsync(async ct => await _cadence.FirstDueAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (_cadence.Schedule is { } schedule)
        {
            if (due.CatchUpReason is { } reason)
            {
                RestPollLog.CatchingUp(_logger, _source.Name, schedule.ToString(), reason);
            }
            else
            {
                RestPollLog.NextOccurrence(_logger, _source.Name, due.At, schedule.ToString());
            }
        }

        return due;
    }

    // Records the poll that just ended and says when the next is due. A run that could not be recorded costs at most
    // one extra poll after a restart (applying the same items again changes nothing): logged, not retried.
    private async Task<PollDue> RecordRunAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        try
        {
            await _cadence.RecordAsync(startedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            RestPollLog.RunNotRecorded(_logger, ex, _source.Name, ex.GetType().Name + ": " + ex.Message);
        }

        var due = _cadence.NextDue();
        if (_cadence.Schedule is { } schedule)
        {
            RestPollLog.NextOccurrence(_logger, _source.Name, due.At, schedule.ToString());
        }

        return due;
    }
}
