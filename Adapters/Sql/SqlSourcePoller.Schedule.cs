using System.Globalization;
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
            switch (due.Reason)
            {
                case PollDueReason.NeverRun:
                    SqlPollLog.CatchingUp(_logger, _source.Name, schedule.ToString(), "no scheduled poll is recorded");
                    break;
                case PollDueReason.Missed:
                    SqlPollLog.CatchingUp(_logger, _source.Name, schedule.ToString(),
                        string.Create(CultureInfo.InvariantCulture, $"the occurrence at {due.Missed:O} passed while no node polled"));
                    break;
                default:
                    SqlPollLog.NextOccurrence(_logger, _source.Name, due.At, schedule.ToString());
                    break;
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
