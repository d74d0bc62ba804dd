using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>The in-process half of the change feed (issue 18 item 4): interest, folding, a slow page never in the way.</summary>
public sealed class ChangeFanOutTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Publish_ToAPageThatNeverReads_FoldsIntoOneWakeUp_AndOtherPagesStillWake()
    {
        var clock = new ManualTimeProvider();
        var feed = new ChangeFanOut(clock);
        using var slow = feed.Subscribe(n => n.Key == "SO-1");
        using var other = feed.Subscribe(n => n.Key == "SO-2");

        // 100,000 notices for a page that does not read: Publish never waits on it and it keeps one wake-up, no queue.
        for (var i = 0; i < 100_000; i++)
        {
            feed.Publish(new ChangeNotice(ChangeKind.Order, "SO-1"));
        }

        feed.Publish(new ChangeNotice(ChangeKind.Order, "SO-2"));

        Assert.True(await other.WaitAsync(TimeSpan.Zero, clock, None));
        Assert.True(await slow.WaitAsync(TimeSpan.Zero, clock, None));
        Assert.False(await slow.WaitAsync(TimeSpan.Zero, clock, None));
        Assert.Equal(100_001, feed.Status.Notices);
    }

    [Fact]
    public async Task Publish_AnotherOrder_DoesNotWake_Everything_WakesEveryPage_ADisposedPageIsGone()
    {
        var clock = new ManualTimeProvider();
        var feed = new ChangeFanOut(clock);
        using var page = feed.Subscribe(n => n.Kind == ChangeKind.Order && n.Key == "SO-MINE");
        var gone = feed.Subscribe(_ => true);
        Assert.Equal(2, feed.Status.Subscribers);
        gone.Dispose();
        Assert.Equal(1, feed.Status.Subscribers);

        feed.Publish(new ChangeNotice(ChangeKind.Order, "SO-OTHER"));
        feed.Publish(new ChangeNotice(ChangeKind.Ticket, "SO-MINE"));
        Assert.False(await page.WaitAsync(TimeSpan.Zero, clock, None));

        feed.Publish(ChangeNotice.Everything);
        Assert.True(await page.WaitAsync(TimeSpan.Zero, clock, None));
    }

    [Fact]
    public async Task WaitAsync_NothingPublished_ReturnsFalseWhenTheManualClockPassesTheTimeout()
    {
        var clock = new ManualTimeProvider();
        var feed = new ChangeFanOut(clock);
        using var page = feed.Subscribe(_ => true);
        var wait = page.WaitAsync(TimeSpan.FromSeconds(30), clock, None);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await wait);
    }

    [Fact]
    public void SetState_BackToListeningAfterALoss_CountsAReconnect_KeepsTheLastError()
    {
        var clock = new ManualTimeProvider();
        var feed = new ChangeFanOut(clock, ChangeFeedState.Starting);
        feed.SetState(ChangeFeedState.Listening);
        Assert.Equal(0, feed.Status.Reconnects);
        clock.Advance(TimeSpan.FromMinutes(1));
        feed.SetState(ChangeFeedState.Reconnecting, "terminating connection due to administrator command");
        feed.SetState(ChangeFeedState.Listening);

        var status = feed.Status;
        Assert.Equal((ChangeFeedState.Listening, 1L, clock.GetUtcNow()), (status.State, status.Reconnects, status.Since));
        Assert.Equal("terminating connection due to administrator command", status.LastError);
    }

    [Theory]
    [InlineData("oSO-2026-1", "Order", "SO-2026-1")]
    [InlineData("tT-000042", "Ticket", "T-000042")]
    [InlineData("c", "Credentials", "")]
    [InlineData("*", "Everything", "")]
    public void Parse_ThePayloadsTheTriggersSend(string payload, string kind, string key) =>
        Assert.Equal(new ChangeNotice(Enum.Parse<ChangeKind>(kind), key), PostgreSqlChangeListener.Parse(payload));

    [Theory]
    [InlineData("")]
    [InlineData("o")]
    [InlineData("x12")]
    [InlineData("c1")]
    public void Parse_AnythingElse_IsNotUnderstood(string payload) => Assert.Null(PostgreSqlChangeListener.Parse(payload));

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(4, 4000)]
    [InlineData(7, 30_000)]
    [InlineData(1000, 30_000)]
    public void Backoff_DoublesFromHalfASecondToThirtySeconds(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), PostgreSqlChangeListener.Backoff(attempt));
}
