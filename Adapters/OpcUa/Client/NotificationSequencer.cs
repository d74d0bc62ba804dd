using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Puts a subscription's notification messages back into the order the server published them, so that a later
/// value of an item never overtakes an earlier one. Several Publish requests are outstanding and their responses
/// are handled concurrently (one may be handled after the next), and Republish fills gaps late; both come through
/// here. Data messages carry consecutive sequence numbers starting at 1, wrapping to 1 after the maximum, and a
/// keep-alive carries the next number without using it (Part 4 5.13.1.1). A message that comes after a gap is held
/// until the gap is filled or declared lost; <paramref name="skipped"/> is told, in stream order, how many messages
/// the sequence moved past without delivering them.
/// </summary>
internal sealed class NotificationSequencer(Action<NotificationMessage> deliver, uint firstSequenceNumber = 1, Action<long>? skipped = null)
{
    /// <summary>Messages held behind a gap before the gap is given up on, so that one that never comes cannot hold memory without bound.</summary>
    internal const int MaxHeld = 1024;

    private const int MaxMissingReported = 100;

    private readonly Lock _lock = new();

    // A null entry is a message declared lost: the sequence moves past it without delivering anything.
    private readonly Dictionary<uint, NotificationMessage?> _held = [];
    private uint _next = firstSequenceNumber;

    /// <summary>The sequence number of the next message to deliver.</summary>
    public uint NextExpected
    {
        get
        {
            lock (_lock)
            {
                return _next;
            }
        }
    }

    /// <summary>Takes a message from a Publish response; delivers it and any held ones that now follow in order.</summary>
    public NotificationArrival Accept(NotificationMessage message)
    {
        lock (_lock)
        {
            var sequenceNumber = message.SequenceNumber;
            if (message.NotificationData.Length == 0)
            {
                // A keep-alive: every number before the one it carries should have arrived.
                return new NotificationArrival(MissingBefore(sequenceNumber), false, 0);
            }

            if (IsSeen(sequenceNumber))
            {
                return new NotificationArrival([], false, 0);
            }

            var missing = MissingBefore(sequenceNumber);
            _held[sequenceNumber] = message;
            var abandoned = _held.Count > MaxHeld ? SkipFirstGap() : 0;
            DeliverInOrder();
            return new NotificationArrival(missing, true, abandoned);
        }
    }

    /// <summary>Takes a message that Republish returned; false if it had arrived already.</summary>
    public bool AcceptRepublished(NotificationMessage message)
    {
        lock (_lock)
        {
            if (IsSeen(message.SequenceNumber))
            {
                return false;
            }

            _held[message.SequenceNumber] = message;
            DeliverInOrder();
            return true;
        }
    }

    /// <summary>Moves past a message the server no longer has; false if it had arrived meanwhile.</summary>
    public bool MarkLost(uint sequenceNumber)
    {
        lock (_lock)
        {
            if (IsSeen(sequenceNumber))
            {
                return false;
            }

            _held[sequenceNumber] = null;
            DeliverInOrder();
            return true;
        }
    }

    /// <summary>Whether the message was delivered, is held, or was declared lost.</summary>
    public bool HasSeen(uint sequenceNumber)
    {
        lock (_lock)
        {
            return IsSeen(sequenceNumber);
        }
    }

    /// <summary>
    /// Starts again at 1 for a subscription the server created anew. Messages held behind a gap are delivered first,
    /// in order: the old subscription and the messages in its gaps are gone. Returns how many were missing.
    /// </summary>
    public long Reset()
    {
        lock (_lock)
        {
            long missing = 0;
            while (_held.Count > 0)
            {
                missing += SkipFirstGap();
                DeliverInOrder();
            }

            _next = 1;
            return missing;
        }
    }

    // Sequence numbers compared as serial numbers, so that the order holds across the wrap to 1.
    private static bool IsBefore(uint a, uint b) => unchecked((int)(a - b)) < 0;

    private static uint After(uint sequenceNumber) => sequenceNumber == uint.MaxValue ? 1 : sequenceNumber + 1;

    private bool IsSeen(uint sequenceNumber) => IsBefore(sequenceNumber, _next) || _held.ContainsKey(sequenceNumber);

    private List<uint> MissingBefore(uint sequenceNumber)
    {
        var missing = new List<uint>();
        for (var s = _next; IsBefore(s, sequenceNumber) && missing.Count < MaxMissingReported; s = After(s))
        {
            if (!_held.ContainsKey(s))
            {
                missing.Add(s);
            }
        }

        return missing;
    }

    private void DeliverInOrder()
    {
        while (_held.Remove(_next, out var message))
        {
            if (message is not null)
            {
                deliver(message);
            }
            else
            {
                skipped?.Invoke(1);
            }

            _next = After(_next);
        }
    }

    // Moves the expected number up to the earliest held message; returns how many numbers were skipped.
    private long SkipFirstGap()
    {
        var earliest = _held.Keys.MinBy(k => unchecked(k - _next));
        var count = (long)unchecked(earliest - _next);
        _next = earliest;
        if (count > 0)
        {
            skipped?.Invoke(count);
        }

        return count;
    }
}
