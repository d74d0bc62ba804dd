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
/// A message is marked sent right after the channel accepts it, even while the hub is stopping. A crash between the
/// two sends it again on restart: the one at-least-once gap, which no SMTP server or chat robot lets a client close. On PostgreSQL with several hub
/// nodes the due rows would have to be claimed with <c>FOR UPDATE SKIP LOCKED</c>; this dispatcher assumes one node.
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

    public AdapterStatus GetStatus() => _status with
    {
        Counts = new Dictionary<string, long> { ["sent"] = Interlocked.Read(ref _sent), ["failedAttempts"] = Interlocked.Read(ref _failed) },
    };

    /// <summary>Sends the messages due now; returns how many it handled.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await outbox.ListAsync(OutboxStatus.Pending, now, BatchSize, cancellationToken).ConfigureAwait(false);

        // A few at once: one slow mail server or robot should not hold up the desk's next alarm.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (message, token) => await DispatchAsync(message, now, token).ConfigureAwait(false)).ConfigureAwait(false);

        return due.Count;
    }

    /// <summary>
    /// Decides, sends and records one message. The sending happens outside any database transaction: holding the
    /// store's write lock through an SMTP exchange would stall the telemetry and the rules stage behind it.
    /// </summary>
    private async Task DispatchAsync(OutboxMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (message.Audience == Audiences.Customer)
        {
            if (_quiet?.EndOfQuiet(now) is { } end)
            {
                await RecordAsync(message.Id, OutboxStatus.Pending, message.Attempts, end, $"held for quiet hours until {end:O}", null, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (message.CustomerCode is { } customer && await CustomerLimitReachedAsync(customer, now, cancellationToken).ConfigureAwait(false))
            {
                var reason = $"customer {customer} was already sent {_settings.CustomerLimit} messages within {_settings.CustomerWindow} (Hub:Notifications:CustomerLimit); the desk has the ticket";
                await RecordAsync(message.Id, OutboxStatus.Suppressed, message.Attempts, now, reason, null, cancellationToken).ConfigureAwait(false);
                RulesLog.Suppressed(logger, message.Id, message.EventKey, reason);
                return;
            }
        }

        var channel = notifications.Channel(message.Channel);
        var result = channel is null
            ? DeliveryResult.Permanent($"channel '{message.Channel}' is no longer configured (Hub:Notifications:Channels)")
            : await _blips.ExecuteAsync(
                async token => await channel.SendAsync(new RenderedMessage(message.Subject, message.Body, message.Recipients), token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        // From here the outcome is recorded even when the hub is stopping: a message the channel accepted but not
        // marked sent would go out a second time after the restart.
        var record = CancellationToken.None;
        var attempts = message.Attempts + 1;
        if (result.Delivered)
        {
            await RecordAsync(message.Id, OutboxStatus.Sent, attempts, now, null, time.GetUtcNow(), record).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
            RulesLog.Sent(logger, message.Id, message.EventKey, message.Channel);
            return;
        }

        Interlocked.Increment(ref _failed);
        var error = result.Error ?? "unknown error";
        if (!result.IsTransient || attempts >= _settings.MaxAttempts)
        {
            await RecordAsync(message.Id, OutboxStatus.Dead, attempts, now, error, null, record).ConfigureAwait(false);
            RulesLog.DeadLettered(logger, message.Id, message.EventKey, message.Channel, attempts, error);
            return;
        }

        var next = time.GetUtcNow() + (result.RetryAfter ?? Backoff(attempts));
        await RecordAsync(message.Id, OutboxStatus.Pending, attempts, next, error, null, record).ConfigureAwait(false);
        RulesLog.SendFailed(logger, message.Id, message.EventKey, message.Channel, attempts, next, error);
    }

    private async Task<bool> CustomerLimitReachedAsync(string customer, DateTimeOffset now, CancellationToken cancellationToken) =>
        await outbox.SentToCustomerSinceAsync(customer, now - _settings.CustomerWindow, cancellationToken).ConfigureAwait(false) >= _settings.CustomerLimit;

    private Task RecordAsync(string id, OutboxStatus status, int attempts, DateTimeOffset next, string? error, DateTimeOffset? sentAt, CancellationToken cancellationToken) =>
        outbox.RecordAsync(id, status, attempts, next, error, sentAt, cancellationToken);

    /// <summary>The wait after the n-th failed attempt: doubling from RetryDelay, with up to 20 % jitter, at most an hour.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var delay = _settings.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = delay > MaxBackoff ? MaxBackoff : delay;
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (notifications.Templates is null)
        {
            _status = _status with { State = AdapterState.Stopped, LastError = "no notification channel is configured (Hub:Notifications)" };
            return;
        }

        var retry = RetryForever.Build(time, TimeSpan.FromSeconds(30), ex => ex is not OperationCanceledException, (ex, delay) =>
        {
            RulesLog.DispatcherFailed(logger, ex, delay);
            _status = _status with { State = AdapterState.Retrying, LastError = ex.Message, LastErrorAt = time.GetUtcNow() };
        });
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var count = await retry.ExecuteAsync(async token => await RunOnceAsync(token).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
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
}
