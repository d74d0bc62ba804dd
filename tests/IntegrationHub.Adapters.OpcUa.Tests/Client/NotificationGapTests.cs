using IntegrationHub.Adapters.OpcUa.Client;
using static IntegrationHub.Adapters.OpcUa.Tests.Client.TestNotifications;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// Issue 22 item 2: messages the sequence moves past without delivering them (lost to Republish, or abandoned behind
/// a gap) are told at their place in the delivered stream, so a reader knows which values came before the gap.
/// </summary>
public sealed class NotificationGapTests
{
    private readonly List<string> _stream = [];

    private NotificationSequencer NewSequencer() => new(m => _stream.Add($"message {m.SequenceNumber}"), skipped: n => _stream.Add($"gap of {n}"));

    [Fact]
    public void MarkLost_GapToldBetweenTheMessagesAroundIt()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        s.Accept(Message(4));
        s.Accept(Message(5));
        Assert.True(s.MarkLost(2));
        Assert.Equal(["message 1", "gap of 1"], _stream); // 3 is still awaited: 4 and 5 wait behind it

        Assert.True(s.MarkLost(3));

        Assert.Equal(["message 1", "gap of 1", "gap of 1", "message 4", "message 5"], _stream);
        // Lost once is told once: a late copy or a second MarkLost changes nothing.
        Assert.False(s.MarkLost(3));
        Assert.False(s.Accept(Message(2)).IsNew);
        Assert.Equal(5, _stream.Count);
    }

    [Fact]
    public void TooManyHeldBehindAGap_AbandonedMessagesToldAsOneGapBeforeTheRest()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        for (uint n = 4; n < 4 + NotificationSequencer.MaxHeld + 1; n++)
        {
            s.Accept(Message(n));
        }

        Assert.Equal("message 1", _stream[0]);
        Assert.Equal("gap of 2", _stream[1]); // 2 and 3 never came
        Assert.Equal("message 4", _stream[2]);
        Assert.Equal(NotificationSequencer.MaxHeld + 3, _stream.Count);
    }

    [Fact]
    public void NoGap_NothingTold()
    {
        var s = NewSequencer();
        foreach (var n in new uint[] { 3, 1, 2 })
        {
            s.Accept(Message(n));
        }

        Assert.Equal(["message 1", "message 2", "message 3"], _stream);
    }

    [Fact]
    public void Subscription_LostMessage_GapTakenOnceAtItsPlace()
    {
        var subscription = new OpcUaSubscription(null!, new SubscriptionOptions());
        subscription.Accept(Message(1));
        subscription.Accept(Message(3));
        Assert.False(subscription.TryTakeGap(0, out _));

        subscription.MarkLost(2);

        Assert.Equal(1, subscription.GapCount);
        Assert.True(subscription.TryTakeGap(0, out var gap));
        Assert.Equal(new SubscriptionGap(0, "a notification message was lost"), gap);
        Assert.False(subscription.TryTakeGap(0, out _));
        subscription.MarkLost(2);
        Assert.Equal(1, subscription.GapCount);
    }
}
