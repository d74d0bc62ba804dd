using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using Polly;
using Polly.Retry;

namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// Sends what the outbox holds. Each attempt runs a short Polly retry for blips; a message that still fails waits
/// with exponential backoff (or the receiver's Retry-After) stored in its row, so restarts do not reset it, and is
/// dead-lettered after the last attempt, never dropped. Customer messages respect quiet hours and a per-customer
/// limit.
/// </summary>
/// <remarks>
/// <para>
/// Several hub nodes can share one store (issue 18 item 3): each batch is claimed first (<see cref="IOutboxStore.ClaimAsync"/>),
/// so nodes send different messages, and the per-customer limit is decided inside the claim, so it holds exactly
/// however many nodes and parallel sends there are. An outcome is recorded only while this node still holds the claim.
/// </para>
/// <para>
/// Delivery is exactly-once except across one gap: a node that stops or hangs between "the channel accepted" and
/// "recorded sent" leaves a claim that lapses after Hub:Notifications:ClaimDuration, and another node (or this one
/// after a restart) sends the message again. No SMTP server or chat robot lets a client close that gap, so it is
/// at-least-once there; the message's id goes with every attempt (<see cref="RenderedMessage.Key"/>: the e-mail's
/// Message-ID, a generic webhook's Idempotency-Key), so a receiver that drops repeats keeps one copy. A message is marked sent right after the channel accepts it, even while the hub is stopping, and
/// while the store does not answer for a moment (a PostgreSQL fail-over) the mark is retried as long as the claim holds.
/// </para>
/// <para>
/// A graceful stop claims nothing more and starts no new send, but lets the sends under way finish and be recorded for
/// up to Hub:Notifications:StopGrace (<see cref="OutboxStopGrace"/>); only a send still running then is cut off and
/// handed back, the at-least-once case above. A crash or kill -9 leaves its claims to lapse, as before.
/// </para>
/// </remarks>
internal sealed class OutboxDispatcher(
    HubNotifications notifications, HubOptions options, IOutboxStore outbox, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal enqueued,
    ILogger<OutboxDispatcher> logger) : BackgroundService, IAdapterStatusSource
{
    public const string EnqueuedSignal = "outbox";

    private const int BatchSize = 20;
    private const int Parallelism = 4;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);
    private static readonly TimeSpan RecordRetryFirst = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RecordRetryMax = TimeSpan.FromSeconds(5);
    private readonly NotificationOptions _settings = options.Notifications;
    private readonly QuietHours? _quiet = QuietHours.TryParse(options.Notifications.QuietHours, NotificationPlanner.FindZone(options.Notifications.TimeZone), out var q) ? q : null;
    private readonly ResiliencePipeline<DeliveryResult> _blips = new ResiliencePipelineBuilder<DeliveryResult> { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions<DeliveryResult>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsTransient: true, RetryAfter: null }),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    private volatile AdapterStatus _status = new() { Name = "outbox", State = AdapterState.Starting };
    private long _sent;
    private long _failed;
    private long _lostClaims;
    private long _takenOver;
    private readonly ConcurrentDictionary<string, string> _inFlight = new(StringComparer.Ordinal);
    private volatile bool _stopping;
    private int _inFlightAtStop;
    private long _finishedAtStop;
    private long _abandonedAtStop;

    /// <summary>This node's name in its claims (Hub:NodeId).</summary>
    public string NodeId { get; } = options.NodeId;

    public AdapterStatus GetStatus() => _status with
    {
        Counts = new Dictionary<string, long>
        {
            ["sent"] = Interlocked.Read(ref _sent),
            ["failedAttempts"] = Interlocked.Read(ref _failed),
            ["claimsTakenOver"] = Interlocked.Read(ref _takenOver),
            ["outcomesNotRecorded"] = Interlocked.Read(ref _lostClaims),
        },
    };

    /// <summary>Claims the messages due now and sends them; returns how many the claim handled.</summary>
    /// <remarks>Cancelling <paramref name="cancellationToken"/> cancels the sends under way too (no grace).</remarks>
    internal Task<int> RunOnceAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken, cancellationToken);

    /// <summary>
    /// Claims the messages due now and sends them. <paramref name="stopping"/> ends the claiming and the starting of
    /// sends; a send already started runs on until <paramref name="abandon"/> (the stop's grace is over).
    /// </summary>
    private async Task<int> RunOnceAsync(CancellationToken stopping, CancellationToken abandon)
    {
        var now = time.GetUtcNow();
        var quietEnd = _quiet?.EndOfQuiet(now);
        var claim = await outbox.ClaimAsync(new OutboxClaimRequest
        {
            NodeId = NodeId,
            Now = now,
            ClaimDuration = _settings.ClaimDuration,
            Take = BatchSize,
            CustomerLimit = _settings.CustomerLimit,
            CustomerWindow = _settings.CustomerWindow,
            UncountedEvents = _settings.CountServiceMessages ? [] : ServiceMessages.EventNames,
            SuppressedReason = customer => $"customer {customer} was already sent {_settings.CustomerLimit} messages within {_settings.CustomerWindow} (Hub:Notifications:CustomerLimit); the desk has the ticket",
            CustomersHeldUntil = quietEnd,
            HeldReason = quietEnd is { } end ? $"held for quiet hours until {end:O}" : null,
        }, stopping).ConfigureAwait(false);
        foreach (var (message, reason) in claim.Suppressed)
        {
            RulesLog.Suppressed(logger, message.Id, message.EventKey, reason);
        }

        foreach (var (message, previous) in claim.TakenOver)
        {
            Interlocked.Increment(ref _takenOver);
            OutboxLog.TakenOver(logger, message.Id, message.EventKey, NodeId, previous);
        }

        var started = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var finished = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            // A few at once: one slow mail server or robot should not hold up the desk's next alarm. The stop ends the
            // starting of sends (the loop's token); the body's own token is not used, so a send under way is not cut off
            // by the stop itself (its token, stopped, is not passed on) but only when the grace is over.
            await Parallel.ForEachAsync(claim.Claimed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stopping },
                async (message, stopped) =>
                {
                    started[message.Id] = true;
                    _inFlight[message.Id] = message.EventKey;
                    try
                    {
                        await DispatchAsync(message, now, abandon).ConfigureAwait(false);
                        finished[message.Id] = true;
                        if (_stopping)
                        {
                            Interlocked.Increment(ref _finishedAtStop);
                        }
                    }
                    finally
                    {
                        _inFlight.TryRemove(message.Id, out _);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: hand back what this node did not finish, rather than make it wait out the claim. A send cut off
            // at the end of the grace may have reached the receiver: it goes out again (at least once).
            var unfinished = claim.Claimed.Where(m => !finished.ContainsKey(m.Id)).ToList();
            foreach (var message in unfinished.Where(m => started.ContainsKey(m.Id)))
            {
                Interlocked.Increment(ref _abandonedAtStop);
                OutboxLog.AbandonedAtStop(logger, message.Id, message.EventKey, message.Channel, _settings.StopGrace);
            }

            await ReleaseAsync(unfinished).ConfigureAwait(false);
            throw;
        }

        return claim.Count;
    }

    /// <summary>
    /// Sends and records one claimed message. The sending happens outside any database transaction: holding the
    /// store's write lock (or a row lock) through an SMTP exchange would stall the telemetry and the rules stage.
    /// </summary>
    private async Task DispatchAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Messages wait for a free sender; one whose claim lapsed meanwhile may already be another node's.
        if (time.GetUtcNow() >= message.ClaimExpiresAt)
        {
            OutboxLog.ClaimLapsedBeforeSending(logger, message.Id, message.EventKey, NodeId, message.ClaimExpiresAt);
            return;
        }

        var channel = notifications.Channel(message.Channel);
        var result = channel is null
            ? DeliveryResult.Permanent($"channel '{message.Channel}' is no longer configured (Hub:Notifications:Channels)")
            : await _blips.ExecuteAsync(
                async token => await channel.SendAsync(new RenderedMessage(message.Subject, message.Body, message.Recipients) { Key = message.Id }, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        // From here the outcome is recorded even when the hub is stopping: a message the channel accepted but not
        // marked sent would go out a second time after the restart.
        var record = CancellationToken.None;
        var attempts = message.Attempts + 1;
        if (result.Delivered)
        {
            if (await RecordDeliveredAsync(message, attempts, now, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _sent);
                RulesLog.Sent(logger, message.Id, message.EventKey, message.Channel);
            }

            return;
        }

        Interlocked.Increment(ref _failed);
        var error = result.Error ?? "unknown error";
        if (!result.IsTransient || attempts >= _settings.MaxAttempts)
        {
            if (await RecordAsync(message, OutboxStatus.Dead, attempts, now, error, null, record).ConfigureAwait(false))
            {
                RulesLog.DeadLettered(logger, message.Id, message.EventKey, message.Channel, attempts, error);
            }

            return;
        }

        var next = time.GetUtcNow() + (result.RetryAfter ?? Backoff(attempts));
        if (await RecordAsync(message, OutboxStatus.Pending, attempts, next, error, null, record).ConfigureAwait(false))
        {
            RulesLog.SendFailed(logger, message.Id, message.EventKey, message.Channel, attempts, next, error);
        }
    }

    /// <summary>
    /// Records an outcome under this node's claim. When the claim was taken over (it lapsed while this node's attempt
    /// hung), nothing is written: the message is the new holder's, which sends it and records its own outcome. The
    /// customer may then get it twice, the at-least-once case that Hub:Notifications:ClaimDuration bounds.
    /// </summary>
    private async Task<bool> RecordAsync(
        OutboxMessage message, OutboxStatus status, int attempts, DateTimeOffset next, string? error, DateTimeOffset? sentAt, CancellationToken cancellationToken)
    {
        if (await outbox.RecordAsync(message.Id, message.ClaimToken, status, attempts, next, error, sentAt, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        Interlocked.Increment(ref _lostClaims);
        OutboxLog.ClaimLost(logger, message.Id, message.EventKey, status, NodeId);
        return false;
    }

    /// <summary>
    /// Records a delivered message sent. Issue 18's fault test (the PostgreSQL primary killed under an alarm storm):
    /// a store that does not answer for a moment (a fail-over, a restart) made the record throw, the message stayed
    /// claimed and went out a second time once the claim lapsed. While the failure is one time may cure, the record is
    /// retried with a growing pause for as long as this node's claim holds (after that the message may be another
    /// node's, and the documented at-least-once gap applies) and the hub is not stopping.
    /// </summary>
    private async Task<bool> RecordDeliveredAsync(OutboxMessage message, int attempts, DateTimeOffset now, CancellationToken stopping)
    {
        var delay = RecordRetryFirst;
        while (true)
        {
            Exception failure;
            try
            {
                return await RecordAsync(message, OutboxStatus.Sent, attempts, now, null, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (StoreFaults.IsTransient(ex) && time.GetUtcNow() + delay < message.ClaimExpiresAt && !stopping.IsCancellationRequested)
            {
                failure = ex;
            }

            OutboxLog.DeliveredNotRecordedYet(logger, message.Id, message.EventKey, delay, message.ClaimExpiresAt, failure.Message);
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: the store's failure stands (not a cancellation, so the claim is not handed back as unsent).
                ExceptionDispatchInfo.Throw(failure);
            }

            delay = delay * 2 > RecordRetryMax ? RecordRetryMax : delay * 2;
        }
    }

    /// <summary>Gives claimed messages back as they were, due at once on any node.</summary>
    private async Task ReleaseAsync(IReadOnlyList<OutboxMessage> messages)
    {
        var released = 0;
        foreach (var message in messages)
        {
            // The hub is stopping: the release must not be cancelled with it. A lost claim here changes nothing.
            if (await outbox.RecordAsync(message.Id, message.ClaimToken, OutboxStatus.Pending, message.Attempts, message.NextAttemptAt, message.LastError, null, CancellationToken.None).ConfigureAwait(false))
            {
                released++;
            }
        }

        if (released > 0)
        {
            OutboxLog.ClaimsReleased(logger, NodeId, released);
        }
    }

    /// <summary>The wait after the n-th failed attempt: doubling from RetryDelay, with up to 20 % jitter, at most an hour.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var delay = _settings.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = delay > MaxBackoff ? MaxBackoff : delay;
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifications.SendsAnything)
        {
            _status = _status with { State = AdapterState.Stopped, LastError = "no notification channel is configured (Hub:Notifications, Hub:Quality:Report)" };
            return;
        }

        var retry = RetryForever.Build(time, TimeSpan.FromSeconds(30), ex => ex is not OperationCanceledException, (ex, delay) =>
        {
            RulesLog.DispatcherFailed(logger, ex, delay);
            _status = _status with { State = AdapterState.Retrying, LastError = ex.Message, LastErrorAt = time.GetUtcNow() };
        });
        using var grace = new OutboxStopGrace(_settings.StopGrace, time);
        using (stoppingToken.Register(() => BeginStop(grace)))
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    var count = await retry.ExecuteAsync(async token => await RunOnceAsync(token, grace.Abandon).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                    _status = _status with { State = AdapterState.Running, LastSuccessAt = time.GetUtcNow() };
                    if (count < BatchSize)
                    {
                        await enqueued.WaitAsync(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        if (_inFlightAtStop > 0)
        {
            var (done, abandoned) = (Interlocked.Read(ref _finishedAtStop), Interlocked.Read(ref _abandonedAtStop));
            if (abandoned > 0)
            {
                OutboxLog.StoppedWithAbandoned(logger, NodeId, done, abandoned, _settings.StopGrace);
            }
            else
            {
                OutboxLog.StoppedAllFinished(logger, NodeId, done);
            }
        }
    }

    /// <summary>The hub began to stop: no more claims or new sends, and the grace of the sends under way starts.</summary>
    private void BeginStop(OutboxStopGrace grace)
    {
        _stopping = true;
        _inFlightAtStop = _inFlight.Count;
        if (_inFlightAtStop > 0)
        {
            OutboxLog.StoppingWithSendsInFlight(logger, NodeId, _inFlightAtStop, _settings.StopGrace);
        }

        grace.Begin();
    }
}
