using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>Issue 16 item 3: a session check is trusted for its interval at most, measured on the hub's clock.</summary>
public sealed class RecentChecksTests
{
    [Fact]
    public void Remember_TrustedWithinTheInterval_NotAfter_AndForgetEndsItAtOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var checks = new RecentChecks(clock);

        checks.Remember("a", TimeSpan.FromSeconds(5));
        checks.Remember("b", TimeSpan.FromSeconds(5));
        checks.Remember("zero", TimeSpan.Zero);
        clock.Advance(TimeSpan.FromSeconds(4.9));

        Assert.True(checks.IsFresh("a"));
        Assert.False(checks.IsFresh("zero"));
        checks.Forget("b");
        Assert.False(checks.IsFresh("b"));

        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(checks.IsFresh("a"));
    }
}
