using System.Text;
using System.Threading.Channels;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// An MQTT 3.1.1/5.0 client with at-least-once delivery into an async handler: a QoS 1/2 message is acknowledged
/// (PUBACK/PUBREC) only after the handler's task completed; a handler that throws leaves the message unacknowledged
/// and restarts the connection so the broker redelivers it (with a persistent session). When the handler falls
/// behind, the bounded inbound queue fills and the client stops reading the socket.
/// </summary>
/// <remarks>
/// After <see cref="ConnectAsync"/> succeeds, a lost connection is re-established in the background with exponential
/// backoff and jitter; subscriptions are renewed when the broker did not keep the session, and our unacknowledged
/// publications are resent.
/// </remarks>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly Func<MqttApplicationMessage, CancellationToken, ValueTask>? _handler;
    private readonly Func<IReadOnlyList<MqttApplicationMessage>, CancellationToken, ValueTask>? _batchHandler;
    private readonly int _maxBatchSize;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly PacketIdAllocator _ids = new();
    private readonly InflightLimiter _inflight;
    private readonly IMqttSessionStore _store;
    private readonly Channel<InboundMessage> _inbound;

    // Set whenever a message is queued for the handler: the dispatch thread sleeps on it (one futex call to wake,
    // where a thread-pool hop per burst of messages made idle workers spin for a sizeable share of the CPU).
    private readonly ManualResetEventSlim _messageQueued = new(initialState: false, spinCount: 0);
    private readonly CancellationTokenSource _lifetime = new();

    // Guarded by _lock: the session state that outlives one connection.
    private readonly Dictionary<ushort, OutgoingPublish> _outgoing = [];
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _pendingRequests = [];
    // QoS 2 packet ids received in this session and not yet released (PUBREL): value true once the handler completed.
    private readonly Dictionary<ushort, bool> _inboundQos2 = [];
    private readonly List<MqttSubscription> _subscriptions = [];
    private MqttConnection? _connection;
    private TaskCompletionSource _connectedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MqttClientState _state = MqttClientState.Disconnected;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _connectedSince;
    private string? _assignedClientId;
    private uint? _serverMaximumPacketSize;
    private bool _sessionPresent;
    private int _sessionEpoch;
    // The session store's generation of the broker's session (issue 16 item 16): carried by each QoS 2 receipt, so
    // that an id written late by a handler of an earlier session is never loaded as one of this session.
    private long _sessionGeneration;
    private bool _started;
    private bool _stopping;

    private Task _supervisor = Task.CompletedTask;
    private Task _dispatcher = Task.CompletedTask;
    private long _sequence;
    private long _messagesReceived;
    private long _messagesPublished;
    private long _reconnects;
    private long _lastMessageTicks;

    /// <summary>Creates a client; nothing happens on the network until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The connection settings; all errors are reported at once.</param>
    /// <param name="handler">Called for each received message, one at a time and in order; its completion acknowledges the message.</param>
    public MqttClient(MqttClientOptions options, Func<MqttApplicationMessage, CancellationToken, ValueTask> handler)
        : this(options, handler, null, 1)
    {
        ArgumentNullException.ThrowIfNull(handler);
    }

    /// <summary>
    /// Creates a client that hands over received messages in batches: whatever has arrived, up to
    /// <paramref name="maxBatchSize"/>, in order, one batch at a time. The batch's completion acknowledges all its
    /// messages, so a handler can store a batch in one transaction; if it throws, none is acknowledged and the
    /// broker delivers them again. The list is the handler's to keep.
    /// </summary>
    /// <param name="options">The connection settings; all errors are reported at once.</param>
    /// <param name="batchHandler">Called for each batch.</param>
    /// <param name="maxBatchSize">The most messages in one batch; the broker's in-flight limit also bounds it.</param>
    public MqttClient(
        MqttClientOptions options, Func<IReadOnlyList<MqttApplicationMessage>, CancellationToken, ValueTask> batchHandler, int maxBatchSize)
        : this(options, null, batchHandler, maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(batchHandler);
    }

    private MqttClient(
        MqttClientOptions options,
        Func<MqttApplicationMessage, CancellationToken, ValueTask>? handler,
        Func<IReadOnlyList<MqttApplicationMessage>, CancellationToken, ValueTask>? batchHandler,
        int maxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        Validate(options);
        _options = options;
        _handler = handler;
        _batchHandler = batchHandler;
        _maxBatchSize = maxBatchSize;
        _time = options.TimeProvider;
        _inflight = new InflightLimiter(options.EffectiveMaximumInflightPublishes);
        _store = options.SessionStore ?? new InMemoryMqttSessionStore();
        _inbound = Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(options.InboundQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Gets a snapshot of the state, last error and counters, for health reporting.</summary>
    public MqttClientHealth Health
    {
        get
        {
            long lastMessage = Interlocked.Read(ref _lastMessageTicks);
            lock (_lock)
            {
                return new MqttClientHealth
                {
                    State = _state,
                    LastError = _lastError,
                    LastErrorAt = _lastErrorAt,
                    ConnectedSince = _connectedSince,
                    SessionPresent = _sessionPresent,
                    LastMessageAt = lastMessage == 0 ? null : new DateTimeOffset(lastMessage, TimeSpan.Zero),
                    MessagesReceived = Interlocked.Read(ref _messagesReceived),
                    MessagesPublished = Interlocked.Read(ref _messagesPublished),
                    Reconnects = Interlocked.Read(ref _reconnects),
                    InboundQueued = _inbound.Reader.Count,
                    ConfigurationError = CurrentConfigurationError(),
                };
            }
        }
    }

    /// <summary>
    /// Connects once; throws <see cref="MqttConnectException"/> when the broker refuses, or
    /// <see cref="MqttCommunicationException"/> when it cannot be reached. Once connected, losses are repaired in the background.
    /// </summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_started)
            {
                throw new InvalidOperationException("ConnectAsync was already called; the client reconnects by itself.");
            }

            _started = true;
            _state = MqttClientState.Connecting;
        }

        try
        {
            await RestoreSessionAsync(cancellationToken).ConfigureAwait(false);
            (MqttConnection connection, MqttConnectResult result) = await ConnectOnceAsync(isReconnect: false, cancellationToken).ConfigureAwait(false);
            _dispatcher = StartDispatcher();
            _supervisor = Task.Run(() => SuperviseAsync(connection), CancellationToken.None);
            return result;
        }
        catch (Exception ex)
        {
            RecordError(ex.Message);
            lock (_lock)
            {
                _state = MqttClientState.Disconnected;
                _started = false;
            }

            throw;
        }
    }

    /// <summary>Subscribes and returns the broker's answer per filter, in order. Accepted filters are renewed after a reconnect without session.</summary>
    public async Task<IReadOnlyList<MqttSubscribeResult>> SubscribeAsync(IEnumerable<MqttSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        List<MqttSubscription> list = [.. subscriptions];
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one subscription is required.", nameof(subscriptions));
        }

        foreach (MqttSubscription subscription in list)
        {
            MqttTopic.ValidateFilter(subscription.TopicFilter);
        }

        MqttConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<MqttSubscribeResult> results = await SendSubscribeAsync(connection, list, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (results[i].IsSuccess)
                {
                    _subscriptions.RemoveAll(s => s.TopicFilter == list[i].TopicFilter);
                    _subscriptions.Add(list[i]);
                }
            }
        }

        return results;
    }

    /// <summary>Subscribes to one filter.</summary>
    public async Task<MqttSubscribeResult> SubscribeAsync(string topicFilter, MqttQualityOfService qos, CancellationToken cancellationToken = default)
        => (await SubscribeAsync([new MqttSubscription(topicFilter, qos)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Unsubscribes; the result per filter is the 5.0 reason code (always success under 3.1.1, which has none).</summary>
    public async Task<IReadOnlyList<MqttSubscribeResult>> UnsubscribeAsync(IEnumerable<string> topicFilters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topicFilters);
        List<string> list = [.. topicFilters];
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one topic filter is required.", nameof(topicFilters));
        }

        MqttConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        MqttPacket answer = await SendRequestAsync(connection, id => new UnsubscribePacket { PacketId = id, TopicFilters = list }, cancellationToken).ConfigureAwait(false);
        if (answer is not UnsubAckPacket ack)
        {
            throw new MqttProtocolException($"Expected UNSUBACK but received {answer.Type}.");
        }

        var results = new List<MqttSubscribeResult>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            results.Add(new MqttSubscribeResult(list[i], i < ack.ReasonCodes.Count ? ack.ReasonCodes[i] : (byte)0));
        }

        lock (_lock)
        {
            _subscriptions.RemoveAll(s => list.Contains(s.TopicFilter));
        }

        return results;
    }

    /// <summary>
    /// Publishes. QoS 0 completes once queued on the connection; QoS 1/2 complete when the broker acknowledged
    /// (PUBACK, PUBCOMP) and survive reconnects, being resent. Waits while the in-flight window is full or the client is reconnecting.
    /// </summary>
    public async Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        MqttTopic.ValidateName(message.Topic);
        var packet = new PublishPacket
        {
            Topic = message.Topic,
            Payload = message.Payload,
            QoS = message.QoS,
            Retain = message.Retain,
            Properties = _options.ProtocolVersion == MqttProtocolVersion.V500 ? ToProperties(message) : null,
        };
        CheckSize(packet);
        if (message.QoS == MqttQualityOfService.AtMostOnce)
        {
            MqttConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(packet, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _messagesPublished);
            return new MqttPublishResult(0, null);
        }

        await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _inflight.WaitAsync(cancellationToken).ConfigureAwait(false);
        ushort id = _ids.Allocate();
        packet.PacketId = id;
        var operation = new OutgoingPublish(packet, Interlocked.Increment(ref _sequence));
        await PersistOutgoingAsync(operation).ConfigureAwait(false);
        MqttConnection? current;
        lock (_lock)
        {
            // Registered and queued in one step: a reconnect's resend list either holds this message (and it is
            // not queued here) or is taken after it was queued here, so it is never sent twice (issue 16 item 8).
            _outgoing[id] = operation;
            current = _connection is { IsOpen: true } open && !open.TrySend(packet) ? open : null;
        }

        if (current is not null)
        {
            try
            {
                // The queue was full. Not the caller's token: once registered, the message is sent here or resent
                // after a reconnect. No PUBREC can precede a first PUBLISH, so sending it late cannot follow a PUBREL.
                await current.SendAsync(packet, current.ClosingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
            {
                // The connection went away; the reconnect resends everything in _outgoing.
            }
        }

        return await operation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends DISCONNECT (the broker discards the will), stops reconnecting and fails what is still waiting.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        MqttConnection? connection;
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            connection = _connection;
        }

        if (connection is { IsOpen: true })
        {
            await connection.CloseAfterAsync(new DisconnectPacket(), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _supervisor.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        var stopped = new MqttCommunicationException("The MQTT client was disconnected.", isTransient: false);
        FailAll(stopped, includingPublishes: true);
        lock (_lock)
        {
            _state = MqttClientState.Disconnected;
            _connection = null;
            _connectedSignal.TrySetException(stopped);
        }
    }

    /// <summary>Disconnects and waits for the handler to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        _inbound.Writer.TryComplete();
        _messageQueued.Set();
        try
        {
            await _dispatcher.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _lifetime.Dispose();
    }

    private void RecordError(string message)
    {
        lock (_lock)
        {
            _lastError = message;
            _lastErrorAt = _time.GetUtcNow();
        }
    }

    // The id the broker knows us by; an empty one is assigned by the broker, which we do not track.
    private string ClientIdForLog => _options.ClientId.Length > 0 ? _options.ClientId : "(assigned by the broker)";

    private static string Describe(Exception? ex) => ex switch
    {
        null => "The MQTT broker closed the connection.",
        _ => ex.Message,
    };

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
