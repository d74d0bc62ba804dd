using IntegrationHub.Adapters.OpcUa.Client;
using static IntegrationHub.Adapters.OpcUa.Tests.Client.TestNotifications;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// Notification messages back in the server's order (Part 4 5.13.1.1): consecutive sequence numbers from 1, keep-alives
/// carrying the next number, gaps reported for Republish and held behind, lost messages skipped.
/// </summary>
public sealed class NotificationSequencerTests
{
    private readonly List<uint> _delivered = [];

    private NotificationSequencer NewSequencer() => new(m => _delivered.Add(m.SequenceNumber));

    [Fact]
    public void Accept_ConsecutiveMessages_DeliveredAtOnce()
    {
        var s = NewSequencer();
        Assert.Equal(new NotificationArrival([], true, 0), s.Accept(Message(1)) with { Missing = [] });
        Assert.Empty(s.Accept(Message(2)).Missing);
        Assert.Equal(new uint[] { 1, 2 }, _delivered);
        Assert.Equal(3u, s.NextExpected);
    }

    // Seen in CI before the sequencer: five responses handled in reverse, values 37, 36, 35, 34, 33.
    [Fact]
    public void Accept_ResponsesHandledInReverse_DeliveredInServerOrder()
    {
        var s = NewSequencer();
        foreach (var n in new uint[] { 5, 4, 3, 2, 1 })
        {
            Assert.True(s.Accept(Message(n)).IsNew);
        }

        Assert.Equal(new uint[] { 1, 2, 3, 4, 5 }, _delivered);
    }

    [Fact]
    public void Accept_Gap_ReportsMissing_AndHoldsLaterMessagesUntilItArrives()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        var arrival = s.Accept(Message(4));
        Assert.True(arrival.IsNew);
        Assert.Equal(new uint[] { 2, 3 }, arrival.Missing);
        Assert.Equal(new uint[] { 1 }, _delivered);
        Assert.True(s.HasSeen(4));
        Assert.False(s.HasSeen(2));

        Assert.Equal(new uint[] { 2 }, s.Accept(Message(3)).Missing);
        Assert.True(s.AcceptRepublished(Message(2)));
        Assert.Equal(new uint[] { 1, 2, 3, 4 }, _delivered);
    }

    [Fact]
    public void KeepAlive_CarriesTheNextNumber_NotNewAndNothingMissing()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        var keepAlive = s.Accept(Message(2, keepAlive: true));
        Assert.False(keepAlive.IsNew);
        Assert.Empty(keepAlive.Missing);
        Assert.True(s.Accept(Message(2)).IsNew);
        Assert.Equal(new uint[] { 1, 2 }, _delivered);
    }

    [Fact]
    public void KeepAlive_AfterAGap_ReportsTheMissingMessages()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        Assert.Equal(new uint[] { 2, 3 }, s.Accept(Message(4, keepAlive: true)).Missing);
    }

    [Fact]
    public void Accept_Duplicate_NotNewAndNotDeliveredTwice()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        s.Accept(Message(3));
        Assert.False(s.Accept(Message(1)).IsNew);
        Assert.False(s.Accept(Message(3)).IsNew);
        Assert.True(s.Accept(Message(2)).IsNew);
        Assert.False(s.AcceptRepublished(Message(2)));
        Assert.Equal(new uint[] { 1, 2, 3 }, _delivered);
    }

    [Fact]
    public void MarkLost_MovesPastTheGap_DeliveringWhatWaitedBehindIt()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        s.Accept(Message(3));
        s.Accept(Message(4));
        Assert.True(s.MarkLost(2));
        Assert.Equal(new uint[] { 1, 3, 4 }, _delivered);
        Assert.False(s.MarkLost(2));
        Assert.False(s.MarkLost(3));
        Assert.False(s.Accept(Message(2)).IsNew);
    }

    [Fact]
    public void Accept_TooManyHeldBehindAGap_GapAbandonedAndTheRestDelivered()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        long abandoned = 0;
        for (uint n = 4; n < 4 + NotificationSequencer.MaxHeld + 1; n++)
        {
            abandoned += s.Accept(Message(n)).Abandoned;
        }

        Assert.Equal(2, abandoned);
        Assert.Equal(NotificationSequencer.MaxHeld + 2, _delivered.Count);
        Assert.Equal(Enumerable.Range(4, NotificationSequencer.MaxHeld + 1).Select(n => (uint)n), _delivered.Skip(1));
        Assert.False(s.Accept(Message(2)).IsNew);
    }

    [Fact]
    public void Reset_DeliversHeldMessagesInOrder_CountsTheGaps_AndStartsAgainAtOne()
    {
        var s = NewSequencer();
        s.Accept(Message(1));
        s.Accept(Message(5));
        s.Accept(Message(3));
        Assert.Equal(2, s.Reset()); // 2 and 4 never came
        Assert.Equal(new uint[] { 1, 3, 5 }, _delivered);
        Assert.Equal(1u, s.NextExpected);
        Assert.True(s.Accept(Message(1)).IsNew);
        Assert.Equal(new uint[] { 1, 3, 5, 1 }, _delivered);
    }

    [Fact]
    public void Accept_AcrossTheWrap_MaximumIsFollowedByOne()
    {
        var s = new NotificationSequencer(m => _delivered.Add(m.SequenceNumber), firstSequenceNumber: uint.MaxValue - 1);
        Assert.Empty(s.Accept(Message(uint.MaxValue - 1)).Missing);
        Assert.Equal(new uint[] { uint.MaxValue }, s.Accept(Message(1)).Missing);
        Assert.True(s.Accept(Message(uint.MaxValue)).IsNew);
        Assert.Equal(new[] { uint.MaxValue - 1, uint.MaxValue, 1u }, _delivered);
        Assert.True(s.HasSeen(uint.MaxValue));
        Assert.False(s.HasSeen(2));
    }
}
