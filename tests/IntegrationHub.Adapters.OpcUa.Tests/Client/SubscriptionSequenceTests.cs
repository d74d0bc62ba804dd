using IntegrationHub.Adapters.OpcUa.Client;
using static IntegrationHub.Adapters.OpcUa.Tests.Client.TestNotifications;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>The subscription's counters over its sequence: keep-alives, republished and lost messages.</summary>
public sealed class SubscriptionSequenceTests
{
    private static OpcUaSubscription NewSubscription() => new(null!, new SubscriptionOptions());

    [Fact]
    public void Accept_KeepAlive_Counted()
    {
        var s = NewSubscription();
        s.Accept(Message(1));
        s.Accept(Message(2, keepAlive: true));
        Assert.Equal(1, s.KeepAliveCount);
        Assert.Equal(2u, s.NextSequenceNumber);
    }

    [Fact]
    public void DeliverRepublished_FillsTheGap_CountedOnce()
    {
        var s = NewSubscription();
        s.Accept(Message(1));
        s.Accept(Message(3));
        Assert.True(s.DeliverRepublished(Message(2)));
        Assert.False(s.DeliverRepublished(Message(2)));
        Assert.Equal(1, s.RepublishedMessageCount);
        Assert.Equal(4u, s.NextSequenceNumber);
    }

    [Fact]
    public void DeliverRepublished_AfterThePublishDeliveredIt_NotCounted()
    {
        var s = NewSubscription();
        s.Accept(Message(1));
        s.Accept(Message(3));
        Assert.True(s.Accept(Message(2)).IsNew);
        Assert.False(s.DeliverRepublished(Message(2)));
        Assert.Equal(0, s.RepublishedMessageCount);
    }

    [Fact]
    public void MarkLost_CountedOnce()
    {
        var s = NewSubscription();
        s.Accept(Message(1));
        s.Accept(Message(3));
        s.MarkLost(2);
        s.MarkLost(2);
        Assert.Equal(1, s.LostMessageCount);
        Assert.Equal(4u, s.NextSequenceNumber);
    }

    [Fact]
    public void ResetSequence_GapsLeftBehindCountAsLost()
    {
        var s = NewSubscription();
        s.Accept(Message(1));
        s.Accept(Message(4));
        s.ResetSequence();
        Assert.Equal(2, s.LostMessageCount);
        Assert.Equal(1u, s.NextSequenceNumber);
    }
}
