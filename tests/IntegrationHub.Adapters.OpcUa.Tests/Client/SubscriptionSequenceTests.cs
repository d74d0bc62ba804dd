using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>Sequence number bookkeeping of Part 4 5.13.1: what is new, what is missing (to republish), what is a keep-alive.</summary>
public sealed class SubscriptionSequenceTests
{
    private static readonly ExtensionObject?[] Data = [new ExtensionObject(new DataChangeNotification([]))];

    private static OpcUaSubscription NewSubscription() => new(null!, new SubscriptionOptions());

    private static NotificationMessage Message(uint sequence, bool keepAlive = false) => new(sequence, DateTime.UtcNow, keepAlive ? [] : Data);

    [Fact]
    public void Accept_ConsecutiveMessages_NewAndNothingMissing()
    {
        var s = NewSubscription();
        Assert.Equal((0, true), (s.Accept(Message(1)).Missing.Count, s.Accept(Message(2)).IsNew));
        Assert.Equal(2u, s.LastSequenceNumber);
    }

    [Fact]
    public void Accept_Gap_ReportsMissingSequenceNumbers()
    {
        var s = NewSubscription();
        s.Accept(Message(5));
        var (missing, isNew) = s.Accept(Message(9));
        Assert.True(isNew);
        Assert.Equal(new uint[] { 6, 7, 8 }, missing);
    }

    [Fact]
    public void Accept_KeepAlive_DoesNotConsumeItsSequenceNumber()
    {
        var s = NewSubscription();
        s.Accept(Message(3));
        var keepAlive = s.Accept(Message(4, keepAlive: true)); // keep-alive carries the next number
        Assert.False(keepAlive.IsNew);
        Assert.Empty(keepAlive.Missing);
        Assert.Equal(1, s.KeepAliveCount);
        Assert.Empty(s.Accept(Message(4)).Missing);
    }

    [Fact]
    public void Accept_KeepAliveAfterGap_ReportsMissing()
    {
        var s = NewSubscription();
        s.Accept(Message(3));
        Assert.Equal(new uint[] { 4, 5 }, s.Accept(Message(6, keepAlive: true)).Missing);
    }

    [Fact]
    public void Accept_Duplicate_NotNew()
    {
        var s = NewSubscription();
        s.Accept(Message(3));
        Assert.False(s.Accept(Message(3)).IsNew);
    }

    // Several Publish responses are handled at once: the first one (the items' initial values) may be handled after
    // the second. It must still count as new, and the gap it left must not be reported once it has arrived.
    [Fact]
    public void Accept_OutOfOrder_EarlierMessageStillNew_AndItsGapClosed()
    {
        var s = NewSubscription();
        Assert.True(s.Accept(Message(2)).IsNew);
        Assert.True(s.Accept(Message(1)).IsNew);
        s.Accept(Message(3));
        Assert.Equal(new uint[] { 4 }, s.Accept(Message(5)).Missing);
        Assert.True(s.Accept(Message(4)).IsNew);
        Assert.True(s.HasSeen(4));
        Assert.Equal(new uint[] { 6 }, s.Accept(Message(7, keepAlive: true)).Missing);
        Assert.False(s.Accept(Message(1)).IsNew);
    }

    [Fact]
    public void DeliverRepublished_AfterThePublishDeliveredIt_NotDeliveredTwice()
    {
        var s = NewSubscription();
        s.Accept(Message(1));
        s.Accept(Message(3));
        Assert.True(s.Accept(Message(2)).IsNew);

        Assert.False(s.DeliverRepublished(Message(2)));
        Assert.Equal(0, s.RepublishedMessageCount);
    }
}
