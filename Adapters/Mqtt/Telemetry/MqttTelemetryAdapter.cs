using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Sparkplug;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// Device telemetry over MQTT: subscribes to the configured topic templates, reads each JSON payload into one
/// source record per reading (topic placeholders become fields too) and hands them to the sink, a batch of
/// messages at a time. QoS 1/2 messages are acknowledged only once the sink has stored their batch; a payload that
/// cannot be read is dead-lettered with the reason and then acknowledged, since it would only fail again.
/// </summary>
/// <remarks>
/// A batch of QoS 0 messages has nothing to acknowledge, so it is stored in the background while the next batch is
/// read: reading and storing then use both cores. One batch is stored at a time, in order, and the next waits for it,
/// so at most one batch is in the air and the client's back-pressure still holds.
/// </remarks>
public sealed partial class MqttTelemetryAdapter : IAdapterStatusSource, IAsyncDisposable
{
    // Whatever has arrived, up to this many messages, is stored in one transaction; the broker's in-flight window
    // (Receive Maximum, 100 by default) bounds it too.
    private const int MaxBatchSize = 500;

    private readonly string _name;
    private readonly IReadOnlyList<Feed> _feeds;
    private readonly ITelemetrySink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MqttClient _client;
    private long _messages;
    private long _readings;
    private long _deadLetters;
    private long _messagesLost;
    private long _oversized;
    private long _rebirthRequests;
    private readonly BrokerDropCounter _brokerDrops = new();
    private readonly int _maximumPacketSize;
    private string? _subscribeError;
    private readonly Lock _storeErrorLock = new();
    private string? _storeError;
    private DateTimeOffset? _storeErrorAt;

    // The store of the last QoS 0 batch, which the handler did not wait for; it never faults (see StoreInBackgroundAsync).
    private Task _storing = Task.CompletedTask;
    private volatile bool _subscribed;

    /// <summary>Creates the adapter; throws <see cref="ArgumentException"/> listing every invalid subscription.</summary>
    public MqttTelemetryAdapter(string name, MqttClientOptions options, IReadOnlyList<TelemetrySubscription> subscriptions, ITelemetrySink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var errors = new List<string>();
        var feeds = new List<Feed>();
        foreach (var (subscription, index) in subscriptions.Select((s, i) => (s, i)))
        {
            var template = TopicTemplate.TryParse(subscription.Topic, out var error);
            if (template is null)
            {
                errors.Add($"subscription {index} ({subscription.Source}): {error}");
                continue;
            }

            if (subscription.Shape == ReadingsShape.SparkplugB)
            {
                if (SparkplugFeedError(subscription) is { } sparkplugError)
                {
                    errors.Add($"subscription {index} ({subscription.Source}): {sparkplugError}");
                    continue;
                }

                feeds.Add(new Feed(subscription, template, null, new SparkplugSessions()));
                continue;
            }

            if (subscription.Shape != ReadingsShape.Single && string.IsNullOrWhiteSpace(subscription.ReadingsPath))
            {
                errors.Add($"subscription {index} ({subscription.Source}): a {subscription.Shape} payload needs ReadingsPath, for example 'readings'");
                continue;
            }

            if (subscription.SharedGroup is not null && options.ProtocolVersion == MqttProtocolVersion.V311)
            {
                // Issue 16 item 15: shared subscriptions are MQTT 5.0 (section 4.8.2). A 3.1.1 broker without them
                // (aedes, RabbitMQ 3.10) takes $share/... as a plain filter, grants it and delivers nothing.
                errors.Add($"subscription {index} ({subscription.Source}): SharedGroup '{subscription.SharedGroup}' needs MQTT 5.0 shared subscriptions; over MQTT 3.1.1 a broker may accept $share/... and deliver nothing. Set ProtocolVersion to 5, or remove SharedGroup");
                continue;
            }

            feeds.Add(new Feed(subscription, template, new JsonTelemetryReader(subscription.Shape, subscription.ReadingsPath), null));
        }

        if (subscriptions.Count == 0)
        {
            errors.Add("no subscription is configured; add one with a Source and a Topic such as plant/{site}/{asset}/telemetry");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(subscriptions));
        }

        _name = name;
        _feeds = feeds;
        _sink = sink;
        _time = options.TimeProvider;
        _logger = options.Logger;
        _maximumPacketSize = options.MaximumPacketSize;
        _client = new MqttClient(options, HandleBatchAsync, MaxBatchSize);
    }

    /// <summary>Connects and subscribes. Throws when the broker cannot be reached or refuses; call again to retry.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connected = await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var shared = _feeds.Where(f => f.Subscription.SharedGroup is not null).Select(f => f.Subscription.Source).ToList();
        if (shared.Count > 0 && connected.SharedSubscriptionsAvailable == false)
        {
            // Said in CONNACK (5.0 Shared Subscription Available 0): subscribing would be refused with 0x9E.
            _subscribeError = "the broker does not support shared subscriptions (CONNACK Shared Subscription Available 0), which "
                + string.Join(", ", shared) + " use (SharedGroup): remove SharedGroup or use a broker that supports them";
            _subscribed = true;
            return;
        }

        var filters = _feeds.Select(f => new MqttSubscription(
            f.Subscription.SharedGroup is { } group ? $"$share/{group}/{f.Template.Filter}" : f.Template.Filter,
            f.Subscription.QoS)).ToList();
        // Issue 16 item 13: mosquitto publishes how many messages it dropped (to subscribers whose queue was full) when
        // sys_interval > 0. Watched where available; a broker without it refuses or never publishes, which is fine.
        filters.Add(new MqttSubscription(BrokerDropCounter.Topic, MqttQualityOfService.AtMostOnce));
        var results = await _client.SubscribeAsync(filters, cancellationToken).ConfigureAwait(false);
        var refused = results.Where(r => !r.IsSuccess && r.TopicFilter != BrokerDropCounter.Topic).Select(r => $"{r.TopicFilter}: {r.Description}").ToList();
        _subscribeError = refused.Count == 0 ? null : "the broker refused " + string.Join("; ", refused);
        _subscribed = true;
    }

    /// <inheritdoc />
    public AdapterStatus GetStatus()
    {
        var health = _client.Health;
        string? storeError;
        DateTimeOffset? storeErrorAt;
        lock (_storeErrorLock)
        {
            (storeError, storeErrorAt) = (_storeError, _storeErrorAt);
        }

        var brokerDropWarning = _brokerDrops.Warning;

        // The client's last error and the last lost QoS 0 batch: whichever came last.
        var storeErrorIsLatest = storeError is not null && (health.LastErrorAt is null || storeErrorAt >= health.LastErrorAt);
        var state = health.State switch
        {
            // Connected is not yet running: until the broker has answered the subscriptions, messages can pass by.
            MqttClientState.Connected => _subscribed ? AdapterState.Running : AdapterState.Starting,
            MqttClientState.Retrying => AdapterState.Retrying,
            MqttClientState.Connecting => AdapterState.Starting,
            _ => AdapterState.Stopped,
        };
        return new AdapterStatus
        {
            Name = _name,
            // A configuration error (another client took over the session, item 17) is Faulted whatever the connection
            // does; so are messages the broker dropped (item 13), which are lost for good.
            State = health.ConfigurationError is not null || brokerDropWarning is not null || (_subscribeError is not null && state == AdapterState.Running) ? AdapterState.Faulted : state,
            LastSuccessAt = health.LastMessageAt,
            LastError = health.ConfigurationError ?? _subscribeError ?? brokerDropWarning ?? (storeErrorIsLatest ? storeError : health.LastError),
            LastErrorAt = storeErrorIsLatest ? storeErrorAt : health.LastErrorAt,
            Counts = new Dictionary<string, long>
            {
                ["messagesIn"] = Interlocked.Read(ref _messages),
                ["readingsStored"] = Interlocked.Read(ref _readings),
                ["deadLetters"] = Interlocked.Read(ref _deadLetters),
                ["messagesLost"] = Interlocked.Read(ref _messagesLost),
                ["oversizedMessages"] = Interlocked.Read(ref _oversized),
                ["rebirthRequests"] = Interlocked.Read(ref _rebirthRequests),
                ["brokerDroppedMessages"] = _brokerDrops.DroppedSinceStart,
                ["reconnects"] = health.Reconnects,
                ["inboundQueued"] = health.InboundQueued,
            },
        };
    }

    /// <summary>Disconnects, then lets the last QoS 0 batch finish storing.</summary>
    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        await _storing.ConfigureAwait(false);
    }

    private async ValueTask HandleBatchAsync(IReadOnlyList<MqttApplicationMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Any(m => m.Topic == BrokerDropCounter.Topic))
        {
            foreach (var counter in messages.Where(m => m.Topic == BrokerDropCounter.Topic))
            {
                _brokerDrops.Observe(counter.Payload.Span, counter.Retain);
            }

            messages = [.. messages.Where(m => m.Topic != BrokerDropCounter.Topic)];
            if (messages.Count == 0)
            {
                return;
            }
        }

        var receivedAt = _time.GetUtcNow();
        var records = new List<SourceRecord>();
        var unreadable = new List<UnreadableMessage>();
        var receipts = new List<MqttQos2Receipt>();
        var rebirths = new List<string>();
        var acknowledged = false;
        foreach (var message in messages)
        {
            Read(message, receivedAt, records, unreadable, rebirths);
            acknowledged |= message.QoS != MqttQualityOfService.AtMostOnce;
            if (message.Qos2Receipt is { } receipt)
            {
                receipts.Add(receipt);
            }
        }

        await _storing.ConfigureAwait(false);
        if (acknowledged)
        {
            // Acknowledged when this returns: stored first, and a failure goes back to the client, which withholds
            // the acknowledgements so that the broker delivers the batch again.
            _storing = Task.CompletedTask;
            await StoreAsync(messages.Count, records, unreadable, receipts, cancellationToken).ConfigureAwait(false);
            await RequestRebirthsAsync(rebirths, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Run, not just started: the store's work is synchronous under its async signatures. Not cancelled when the
        // client stops: what was received is stored, and DisposeAsync waits for it.
        _storing = Task.Run(() => StoreInBackgroundAsync(messages.Count, records, unreadable), CancellationToken.None);
        await RequestRebirthsAsync(rebirths, cancellationToken).ConfigureAwait(false);
    }

    // QoS 2 receipts go to the sink, which may store them in the batch's transaction (issue 16 item 16).
    private async Task StoreAsync(int messages, List<SourceRecord> records, List<UnreadableMessage> unreadable, List<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        var refused = receipts.Count == 0
            ? await _sink.StoreAsync(records, unreadable, cancellationToken).ConfigureAwait(false)
            : await _sink.StoreAsync(records, unreadable, receipts, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _messages, messages);
        Interlocked.Add(ref _readings, records.Count - refused);
        Interlocked.Add(ref _deadLetters, unreadable.Count + refused);
    }

    // QoS 0 messages are not delivered again, so a batch whose store fails is lost: counted and reported on the
    // adapter's status rather than thrown at the next batch.
    private async Task StoreInBackgroundAsync(int messages, List<SourceRecord> records, List<UnreadableMessage> unreadable)
    {
        try
        {
            await StoreAsync(messages, records, unreadable, [], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Interlocked.Add(ref _messagesLost, messages);
            TelemetryLog.QoS0Lost(_logger, ex, messages);
            lock (_storeErrorLock)
            {
                _storeError = $"{messages} QoS 0 message(s) were lost: storing them failed: {ex.Message}";
                _storeErrorAt = _time.GetUtcNow();
            }
        }
    }

    private void Read(MqttApplicationMessage message, DateTimeOffset receivedAt, List<SourceRecord> records, List<UnreadableMessage> unreadable, List<string> rebirths)
    {
        foreach (var (subscription, template, reader, sparkplug) in _feeds)
        {
            var topicFields = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (!template.TryMatch(message.Topic, topicFields))
            {
                continue;
            }

            if (message.OversizedPacketSize is { } size)
            {
                // Issue 16 item 12: dead-lettered with topic and size, then acknowledged, so the session moves on.
                Interlocked.Increment(ref _oversized);
                unreadable.Add(new UnreadableMessage(subscription.Source, message.Topic, ReadOnlyMemory<byte>.Empty, string.Create(CultureInfo.InvariantCulture,
                    $"the message of {size} bytes is above the maximum packet size of {_maximumPacketSize} bytes (MaximumPacketSize); its payload was discarded unread")));
                return;
            }

            if (sparkplug is not null)
            {
                ReadSparkplug(sparkplug, subscription, message, receivedAt, records, unreadable, rebirths);
                return;
            }

            IReadOnlyList<Dictionary<string, string?>> readings;
            try
            {
                readings = reader!.Read(message.Payload);
            }
            catch (TelemetryPayloadException ex)
            {
                unreadable.Add(new UnreadableMessage(subscription.Source, message.Topic, message.Payload, ex.Message));
                return;
            }

            foreach (var fields in readings)
            {
                // The topic names the asset; a payload cannot claim to be another machine.
                foreach (var (key, value) in topicFields)
                {
                    fields[key] = value;
                }

                fields["topic"] = message.Topic;
                records.Add(new SourceRecord(subscription.Source, message.Topic, fields, receivedAt));
            }

            return;
        }

        if (message.OversizedPacketSize is not null)
        {
            Interlocked.Increment(ref _oversized);
        }

        string oversized = message.OversizedPacketSize is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"; the message of {bytes} bytes is above the maximum packet size of {_maximumPacketSize} bytes and its payload was discarded unread")
            : string.Empty;
        unreadable.Add(new UnreadableMessage(
            _feeds[0].Subscription.Source, message.Topic, message.Payload, $"no configured topic template matches '{message.Topic}'{oversized}"));
    }
}
