using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<uint, MonitoredItem> _items = new();
    private readonly Lock _sequenceLock = new();
    private const int SeenWindow = 4096;
    private readonly HashSet<uint> _seen = [];
    private readonly Queue<uint> _seenOrder = new();
    private uint _lastSequenceNumber;
    private long _keepAlives;
    private long _lostMessages;
    private long _republished;

    internal OpcUaSubscription(OpcUaClient client, SubscriptionOptions options)
    {
        _client = client;
        Options = options;
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

    /// <summary>The last status change the server reported (e.g. BadTimeout when the subscription expired).</summary>
    public StatusCode? LastStatusChange { get; private set; }

    internal uint LastSequenceNumber
    {
        get
        {
            lock (_sequenceLock)
            {
                return _lastSequenceNumber;
            }
        }
    }

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

    internal void Complete() => _values.Writer.TryComplete();

    internal void ResetSequence()
    {
        lock (_sequenceLock)
        {
            _lastSequenceNumber = 0;
            _seen.Clear();
            _seenOrder.Clear();
        }
    }

    /// <summary>
    /// Records a notification message; returns the sequence numbers missing before it (to republish) and whether
    /// it was new. Keep-alives carry the next sequence number without consuming it (Part 4 5.13.1.1). Several Publish
    /// requests are outstanding, and their responses are handled concurrently: a message may come after a later one,
    /// so "new" means not seen before, not "above the highest number seen".
    /// </summary>
    internal (List<uint> Missing, bool IsNew) Accept(NotificationMessage message)
    {
        var missing = new List<uint>();
        lock (_sequenceLock)
        {
            var isData = message.NotificationData.Length > 0;
            if (!isData)
            {
                Interlocked.Increment(ref _keepAlives);
            }
            else if (!MarkSeen(message.SequenceNumber))
            {
                return (missing, false); // already seen (e.g. republished and then published again)
            }

            if (_lastSequenceNumber != 0)
            {
                for (var s = _lastSequenceNumber + 1; s < message.SequenceNumber && missing.Count < 100; s++)
                {
                    if (!_seen.Contains(s))
                    {
                        missing.Add(s);
                    }
                }
            }

            if (isData && message.SequenceNumber > _lastSequenceNumber)
            {
                _lastSequenceNumber = message.SequenceNumber;
            }

            return (missing, isData);
        }
    }

    /// <summary>Whether a message with this sequence number was delivered already (by a Publish or a Republish).</summary>
    internal bool HasSeen(uint sequenceNumber)
    {
        lock (_sequenceLock)
        {
            return _seen.Contains(sequenceNumber);
        }
    }

    // Called under _sequenceLock. The window is bounded: numbers far behind the newest cannot arrive any more.
    private bool MarkSeen(uint sequenceNumber)
    {
        if (!_seen.Add(sequenceNumber))
        {
            return false;
        }

        _seenOrder.Enqueue(sequenceNumber);
        while (_seenOrder.Count > SeenWindow)
        {
            _seen.Remove(_seenOrder.Dequeue());
        }

        return true;
    }

    internal void Deliver(NotificationMessage message)
    {
        foreach (var data in message.NotificationData)
        {
            switch (data?.Body)
            {
                case DataChangeNotification change:
                    foreach (var n in change.MonitoredItems)
                    {
                        if (_items.TryGetValue(n.ClientHandle, out var item))
                        {
                            _values.Writer.TryWrite(new MonitoredItemValue(item, n.Value));
                        }
                    }

                    break;
                case StatusChangeNotification status:
                    LastStatusChange = status.Status;
                    break;
            }
        }
    }

    /// <summary>Delivers a republished message unless a Publish response delivered it meanwhile; false if it had.</summary>
    internal bool DeliverRepublished(NotificationMessage message)
    {
        lock (_sequenceLock)
        {
            if (!MarkSeen(message.SequenceNumber))
            {
                return false;
            }
        }

        Interlocked.Increment(ref _republished);
        Deliver(message);
        return true;
    }

    internal void CountLost() => Interlocked.Increment(ref _lostMessages);
}
