using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// A subscription of an <see cref="OpcUaClient"/>. Values arrive on <see cref="Values"/> in the order the server
/// published them. The subscription is kept across reconnects: transferred to a new session, or recreated with
/// the same monitored items when the server no longer has it.
/// </summary>
public sealed class OpcUaSubscription
{
    private readonly OpcUaClient _client;
    private readonly Channel<MonitoredItemValue> _values = Channel.CreateUnbounded<MonitoredItemValue>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Channel<MonitoredItemEvent> _events = Channel.CreateUnbounded<MonitoredItemEvent>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<uint, MonitoredItem> _items = new();
    private readonly NotificationSequencer _sequencer;
    private long _keepAlives;
    private long _lostMessages;
    private long _republished;
    private readonly Lock _silenceGate = new();
    private readonly Dictionary<OpcUaSubscription, long> _quietSince = new(ReferenceEqualityComparer.Instance);
    private long _cycles;
    private bool _silent;
    // Issue 22 item 2: values put on the channel so far, and the places in that stream where values may be missing.
    private long _valuesWritten;
    private readonly ConcurrentQueue<SubscriptionGap> _gaps = new();
    private long _gapCount;

    internal OpcUaSubscription(OpcUaClient client, SubscriptionOptions options)
    {
        _client = client;
        Options = options;
        _sequencer = new NotificationSequencer(Deliver, skipped: count => RecordGap(count == 1
            ? "a notification message was lost"
            : $"{count} notification messages were lost"));
    }

    /// <summary>The requested parameters.</summary>
    public SubscriptionOptions Options { get; }

    /// <summary>The server's id for the subscription (changes when it is recreated).</summary>
    public uint Id { get; internal set; }

    /// <summary>The publishing interval the server granted.</summary>
    public TimeSpan RevisedPublishingInterval { get; internal set; }

    /// <summary>The keep-alive count the server granted.</summary>
    public uint RevisedMaxKeepAliveCount { get; internal set; }

    /// <summary>The monitored items.</summary>
    public IReadOnlyCollection<MonitoredItem> Items => _items.Values.OrderBy(i => i.ClientHandle).ToList();

    /// <summary>Values as they arrive.</summary>
    public ChannelReader<MonitoredItemValue> Values => _values.Reader;

    /// <summary>Events of the event monitored items as they arrive, in the order the server published them.</summary>
    public ChannelReader<MonitoredItemEvent> Events => _events.Reader;

    /// <summary>Whether any monitored item of the subscription reports events (so a ConditionRefresh after a reconnect is due).</summary>
    public bool HasEventItems => _items.Values.Any(i => i.Options.Events is not null);

    /// <summary>Keep-alive messages received.</summary>
    public long KeepAliveCount => Interlocked.Read(ref _keepAlives);

    /// <summary>Notification messages that were missed and could not be republished.</summary>
    public long LostMessageCount => Interlocked.Read(ref _lostMessages);

    /// <summary>Notification messages recovered with Republish.</summary>
    public long RepublishedMessageCount => Interlocked.Read(ref _republished);

    /// <summary>Times the subscription was recreated after the server lost it.</summary>
    public int RecreateCount { get; internal set; }

    /// <summary>Times the subscription was transferred to a new session.</summary>
    public int TransferCount { get; internal set; }

    /// <summary>
    /// The StartTime of the server instance that gave <see cref="Id"/> (UTC ticks; 0 when the server did not say): an id
    /// given by an instance before a restart may name another client's subscription now (issue 16 item 9).
    /// </summary>
    internal long ServerStartTicks { get; set; }

    /// <summary>The last status change the server reported (e.g. BadTimeout when the subscription expired).</summary>
    public StatusCode? LastStatusChange { get; private set; }

    /// <summary>The server's keep-alive period: at the latest after this long it sends a message, if only a keep-alive.</summary>
    public TimeSpan KeepAlivePeriod => RevisedPublishingInterval * Math.Max(1u, RevisedMaxKeepAliveCount);

    /// <summary>
    /// True while the subscription has delivered nothing, not even a keep-alive, for more than three keep-alive
    /// periods, counted in the publishing cycles of the client's other subscriptions: the server has probably lost it
    /// (issue 16 item 9).
    /// </summary>
    public bool IsSilent
    {
        get
        {
            lock (_silenceGate)
            {
                return _silent;
            }
        }
    }

    /// <summary>
    /// A message of this subscription arrived: it is not silent, and its publishing cycles count one more unless the
    /// server has more messages of the same cycle. Returns the cycle count, negated when it was silent until now.
    /// </summary>
    internal long Heard(bool moreNotifications)
    {
        lock (_silenceGate)
        {
            if (!moreNotifications)
            {
                _cycles++;
            }

            _quietSince.Clear();
            var wasSilent = _silent;
            _silent = false;
            return wasSilent ? -_cycles : _cycles;
        }
    }

    /// <summary>
    /// Another subscription is at publishing cycle <paramref name="cycles"/>: returns the time that proves to have passed
    /// since this one was last heard, when that exceeds <paramref name="periods"/> keep-alive periods for the first time.
    /// </summary>
    internal TimeSpan? Quiet(OpcUaSubscription other, long cycles, int periods)
    {
        lock (_silenceGate)
        {
            if (!_quietSince.TryGetValue(other, out var since))
            {
                _quietSince[other] = cycles; // the first cycle of the other since this one was heard or (re)created
                return null;
            }

            var elapsed = other.RevisedPublishingInterval * (cycles - since - 1);
            if (_silent || KeepAlivePeriod <= TimeSpan.Zero || elapsed <= KeepAlivePeriod * periods)
            {
                return null;
            }

            _silent = true;
            return elapsed;
        }
    }

    /// <summary>Places in <see cref="Values"/> where values may be missing, since the subscription was created.</summary>
    public long GapCount => Interlocked.Read(ref _gapCount);

    /// <summary>
    /// Takes the next gap when the reader has read <see cref="SubscriptionGap.ValuesBefore"/> values from
    /// <see cref="Values"/> (or more): the values it reads next came after the gap. Ask before each read.
    /// </summary>
    public bool TryTakeGap(long valuesRead, [NotNullWhen(true)] out SubscriptionGap? gap)
    {
        if (_gaps.TryPeek(out gap) && gap.ValuesBefore <= valuesRead && _gaps.TryDequeue(out gap))
        {
            return true;
        }

        gap = null;
        return false;
    }

    /// <summary>Marks the current end of the value stream as a gap: what comes next on <see cref="Values"/> follows it.</summary>
    internal void RecordGap(string reason)
    {
        // Lost messages are logged where they are found lost (4107, 4109), a recreated subscription by the client (4130).
        _gaps.Enqueue(new SubscriptionGap(Interlocked.Read(ref _valuesWritten), reason));
        Interlocked.Increment(ref _gapCount);
    }

    /// <summary>The sequence number of the next notification message to deliver.</summary>
    internal uint NextSequenceNumber => _sequencer.NextExpected;

    /// <summary>Adds monitored items; the result of each is in its <see cref="MonitoredItem.Status"/>.</summary>
    public async Task<IReadOnlyList<MonitoredItem>> AddItemsAsync(IReadOnlyList<MonitoredItemOptions> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var created = items.Select(o => new MonitoredItem(_client.NextClientHandle(), o)).ToList();
        // Registered before the request: the initial values can arrive in a Publish response before it returns.
        foreach (var item in created)
        {
            _items[item.ClientHandle] = item;
        }

        try
        {
            await _client.CreateMonitoredItemsAsync(this, created, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var item in created)
            {
                _items.TryRemove(item.ClientHandle, out _);
            }

            throw;
        }

        foreach (var item in created.Where(i => i.Status.IsBad))
        {
            _items.TryRemove(item.ClientHandle, out _);
        }

        return created;
    }

    /// <summary>Deletes the subscription on the server and completes <see cref="Values"/>.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) => _client.DeleteSubscriptionAsync(this, cancellationToken);

    internal IReadOnlyList<MonitoredItem> ItemList => _items.Values.OrderBy(i => i.ClientHandle).ToList();

    internal void Complete()
    {
        _values.Writer.TryComplete();
        _events.Writer.TryComplete();
    }

    /// <summary>The server created the subscription anew: its messages start again at 1.</summary>
    internal void ResetSequence() => Interlocked.Add(ref _lostMessages, _sequencer.Reset());

    /// <summary>Created or transferred anew: silence is measured from the next message the server sends.</summary>
    internal void ResetSilence()
    {
        lock (_silenceGate)
        {
            _quietSince.Clear();
            _silent = false;
        }
    }

    /// <summary>
    /// Takes a notification message from a Publish response and delivers its values once every earlier message has
    /// been delivered or declared lost (<see cref="NotificationSequencer"/>).
    /// </summary>
    internal NotificationArrival Accept(NotificationMessage message)
    {
        if (message.NotificationData.Length == 0)
        {
            Interlocked.Increment(ref _keepAlives);
        }

        var arrival = _sequencer.Accept(message);
        Interlocked.Add(ref _lostMessages, arrival.Abandoned);
        return arrival;
    }

    /// <summary>Whether a message with this sequence number was delivered, is waiting for an earlier one, or was declared lost.</summary>
    internal bool HasSeen(uint sequenceNumber) => _sequencer.HasSeen(sequenceNumber);

    // Called by the sequencer, in sequence order and one message at a time.
    private void Deliver(NotificationMessage message)
    {
        foreach (var data in message.NotificationData)
        {
            switch (data?.Body)
            {
                case DataChangeNotification change:
                    foreach (var n in change.MonitoredItems)
                    {
                        if (_items.TryGetValue(n.ClientHandle, out var item) && _values.Writer.TryWrite(new MonitoredItemValue(item, n.Value)))
                        {
                            Interlocked.Increment(ref _valuesWritten);
                        }
                    }

                    break;
                case EventNotificationList events:
                    foreach (var e in events.Events)
                    {
                        if (_items.TryGetValue(e.ClientHandle, out var item))
                        {
                            _events.Writer.TryWrite(new MonitoredItemEvent(item, e.EventFields));
                        }
                    }

                    break;
                case StatusChangeNotification status:
                    LastStatusChange = status.Status;
                    break;
            }
        }
    }

    /// <summary>Takes a message that Republish returned unless a Publish response brought it meanwhile; false if it had.</summary>
    internal bool DeliverRepublished(NotificationMessage message)
    {
        if (!_sequencer.AcceptRepublished(message))
        {
            return false;
        }

        Interlocked.Increment(ref _republished);
        return true;
    }

    /// <summary>The server no longer has this message: count it and move past it.</summary>
    internal void MarkLost(uint sequenceNumber)
    {
        if (_sequencer.MarkLost(sequenceNumber))
        {
            Interlocked.Increment(ref _lostMessages);
        }
    }
}
