using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Polly;

namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>
/// Holds a telemetry batch while the store is unreachable and stores it again with a growing delay (issue 17,
/// "PostgreSQL stopped mid-stream": adapters retry with backoff and show it on /health; no MQTT message is
/// acknowledged before its readings are committed).
/// </summary>
/// <remarks>
/// Without it a failed store went back to the MQTT client, which withheld the acknowledgements and dropped the
/// connection so that the broker would deliver the batch again: every batch already received then failed in turn and
/// dropped the next connection too, messages of the old connection stored after the database came back lost their
/// acknowledgements and were delivered and handled twice, and /health only showed the reconnects. Here the batch waits
/// in the handler, unacknowledged, so the broker's in-flight window fills and holds the rest; the delays come from
/// <see cref="TimeProvider"/>. A failure that is not transient (<see cref="StoreFaults.IsTransient"/>) still goes back
/// to the client at once.
/// </remarks>
internal sealed class StoreRetryingTelemetrySink : ITelemetrySink, IDisposable
{
    /// <summary>The longest wait between two attempts: short, so that a restarted database is used again soon.</summary>
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    private readonly ITelemetrySink _inner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _store;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();

    // Of the batch being stored (one at a time: the adapter stores its batches in order); guarded by _lock.
    private int _step;
    private string? _error;
    private DateTimeOffset? _errorAt;
    private long _retries;
    private int _heldReadings;
    private int _heldUnreadable;

    public StoreRetryingTelemetrySink(ITelemetrySink inner, TimeProvider time, ILogger logger, string store)
    {
        _inner = inner;
        _time = time;
        _logger = logger;
        _store = store;
        _retry = RetryForever.Build(time, MaxDelay, StoreFaults.IsTransient, OnRetry);
    }

    public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken) =>
        StoreAsync(readings, unreadable, [], cancellationToken);

    public async Task<int> StoreAsync(
        IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        // The hub stopping ends the wait too: the QoS 0 path stores without a token of its own.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        lock (_lock)
        {
            (_step, _heldReadings, _heldUnreadable) = (0, readings.Count, unreadable.Count);
        }

        // Each attempt is the whole batch in one new transaction: a failed one rolled back, receipts included.
        var refused = await _retry.ExecuteAsync(
            async token => await _inner.StoreAsync(readings, unreadable, receipts, token).ConfigureAwait(false), stopping.Token).ConfigureAwait(false);
        int steps;
        lock (_lock)
        {
            steps = _step;
            _step = 0;
        }

        if (steps > 0)
        {
            StoreRetryLog.StoreBack(_logger, steps);
        }

        return refused;
    }

    /// <summary>
    /// The adapter's status with the store's outage over it while a batch is held: Retrying, why, and the back-off
    /// step; the counts <c>storeRetryStep</c> (0 when nothing is held) and <c>storeRetries</c> (since start) always.
    /// </summary>
    public AdapterStatus Overlay(AdapterStatus status)
    {
        int step;
        string? error;
        DateTimeOffset? at;
        long retries;
        lock (_lock)
        {
            (step, error, at, retries) = (_step, _error, _errorAt, _retries);
        }

        var counts = new Dictionary<string, long>(status.Counts) { ["storeRetryStep"] = step, ["storeRetries"] = retries };
        return step == 0
            ? status with { Counts = counts }
            : status with { State = AdapterState.Retrying, LastError = error, LastErrorAt = at, Counts = counts };
    }

    /// <summary>Ends a wait in progress; the batch's messages stay unacknowledged for the broker to deliver again.</summary>
    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    private void OnRetry(Exception exception, TimeSpan delay)
    {
        int step, readings, unreadable;
        var reason = exception.Message;
        lock (_lock)
        {
            step = ++_step;
            _retries++;
            (readings, unreadable) = (_heldReadings, _heldUnreadable);
            _error = string.Create(CultureInfo.InvariantCulture,
                $"The store ({_store}) is unreachable ({reason}). A batch of {readings} reading(s) is held, its messages not acknowledged; retry step {step}, next attempt in {delay.TotalSeconds:0.0} s.");
            _errorAt = _time.GetUtcNow();
        }

        StoreRetryLog.StoreUnreachable(_logger, readings, unreadable, reason, step, delay);
    }
}
