using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

public sealed class InflightLimiterTests
{
    [Fact]
    public async Task WaitAsync_AtLimit_WaitsUntilReleaseInOrder()
    {
        var limiter = new InflightLimiter(2);
        await limiter.WaitAsync(CancellationToken.None);
        await limiter.WaitAsync(CancellationToken.None);
        ValueTask third = limiter.WaitAsync(CancellationToken.None);
        ValueTask fourth = limiter.WaitAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        limiter.Release();
        await third;
        Assert.False(fourth.IsCompleted);
        limiter.Release();
        await fourth;
        Assert.Equal(2, limiter.Used);
    }

    [Fact]
    public async Task SetLimit_Raised_WakesWaiters_AndCancelledWaiterLeavesQueue()
    {
        var limiter = new InflightLimiter(1);
        await limiter.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        ValueTask cancelled = limiter.WaitAsync(cancel.Token);
        ValueTask waiting = limiter.WaitAsync(CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        limiter.SetLimit(2);
        await waiting;
        Assert.Equal(2, limiter.Used);
    }
}
