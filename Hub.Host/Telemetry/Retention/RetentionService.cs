using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>
/// Runs a <see cref="RetentionPass"/> every <c>Hub:Retention:Interval</c> on the hub's clock, the first one interval after start
/// (issue 17 item 6), and reports on <c>/health</c> as <c>retention</c>: Running, or Retrying after a failed pass
/// (the next one goes on where it stopped), with what it has deleted so far.
/// </summary>
internal sealed class RetentionService(RetentionPass pass, HubOptions options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService, IAdapterStatusSource
{
    private readonly Lock _gate = new();
    private AdapterStatus _status = new() { Name = "retention", State = AdapterState.Starting };
    private RetentionPassResult _total = new(0, 0, 0, 0, 0, 0, 0);
    private long _passes;

    public AdapterStatus GetStatus()
    {
        lock (_gate)
        {
            return _status with
            {
                Counts = new Dictionary<string, long>
                {
                    ["passes"] = _passes,
                    ["readingsRolledUp"] = _total.RolledUp,
                    ["rawDeleted"] = _total.RawDeleted,
                    ["rollupsDeleted"] = _total.RollupsDeleted,
                    ["deadLettersDeleted"] = _total.DeadLettersDeleted,
                    ["outboxDeleted"] = _total.OutboxDeleted,
                    ["filesDeleted"] = _total.FilesDeleted,
                    ["batches"] = _total.Batches,
                },
            };
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var telemetry = options.Telemetry;
        var retention = options.Retention;
        RetentionLog.Started(logger, telemetry.RawRetention, telemetry.RollupRetention.Minute, telemetry.RollupRetention.Hour,
            retention.DeadLetters, retention.ReplayedDeadLetters, retention.SentOutbox, retention.ProcessedFiles, retention.Interval);
        // The first pass one interval after start, not at once: a hub starting after downtime first takes in what
        // its sources kept for it (an MQTT session's backlog), and nothing is lost by deleting a minute later.
        while (await WaitAsync(retention.Interval, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                // The pass's length is logged: a pass that takes far longer than the interval is the first sign of
                // retention falling behind ingest.
                var started = time.GetTimestamp();
                var result = await pass.RunAsync(stoppingToken).ConfigureAwait(false);
                Record(result, null);
                if (result.RolledUp + result.RawDeleted + result.RollupsDeleted + result.DeadLettersDeleted + result.OutboxDeleted + result.FilesDeleted > 0)
                {
                    RetentionLog.PassDone(logger, result.RolledUp, result.RawDeleted, result.RollupsDeleted, result.DeadLettersDeleted,
                        result.OutboxDeleted, result.FilesDeleted, result.Batches, time.GetElapsedTime(started));
                }
            }
            catch (StaleLeaseException stale)
            {
                // Issue 18 item 1: another node took the retention lease over (this one was paused or cut off). The
                // lease runner stops this work as the refusal tells it; no pass is tried again here meanwhile.
                Record(null, stale.Message);
                RetentionLog.Fenced(logger, stale.Lease, stale.Token);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever the store throws (each provider has its own exception types): the pass is retried at the
                // next interval and the failure shown on /health, never the end of retention.
                Record(null, ex.Message);
                RetentionLog.PassFailed(logger, ex, ex.Message, retention.Interval);
            }
        }
    }

    private async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Record(RetentionPassResult? result, string? error)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _passes++;
            if (result is not null)
            {
                _total = new RetentionPassResult(
                    _total.RolledUp + result.RolledUp, _total.RawDeleted + result.RawDeleted, _total.RollupsDeleted + result.RollupsDeleted,
                    _total.DeadLettersDeleted + result.DeadLettersDeleted, _total.OutboxDeleted + result.OutboxDeleted,
                    _total.FilesDeleted + result.FilesDeleted, _total.Batches + result.Batches);
                _status = _status with { State = AdapterState.Running, LastSuccessAt = now };
            }
            else
            {
                _status = _status with { State = AdapterState.Retrying, LastError = error, LastErrorAt = now };
            }
        }
    }
}
