using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>Hub:Notifications:StopGrace (session 25): how long a graceful stop lets the outbox's sends under way finish.</summary>
public sealed class StopGraceSettingsTests
{
    [Fact]
    public void StopGrace_Default_IsTenSecondsAndValid()
    {
        var options = new HubOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.Notifications.StopGrace);
        Assert.Empty(HubOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:01:01")]
    [InlineData("10675199.02:48:05.4775807")]
    public void Validate_StopGraceOutOfRange_NamesTheSettingAndTheRange(string grace)
    {
        var options = new HubOptions { Notifications = new NotificationOptions { StopGrace = TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture) } };

        var error = Assert.Single(HubOptionsValidator.Validate(options));
        Assert.StartsWith($"Hub:Notifications:StopGrace is {grace}. Use 00:00:00 to 00:01:00", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 30, 30)]
    [InlineData(10, 30, 30)]
    [InlineData(60, 30, 80)]
    [InlineData(60, 120, 120)]
    public void CoverShutdown_RaisesTheHostsTimeoutToTheGracePlusMargin_NeverLowersIt(int graceSeconds, int hostSeconds, int expectedSeconds)
    {
        var host = new HostOptions { ShutdownTimeout = TimeSpan.FromSeconds(hostSeconds) };
        var hub = new HubOptions { Notifications = new NotificationOptions { StopGrace = TimeSpan.FromSeconds(graceSeconds) } };

        OutboxStopGrace.CoverShutdown(host, hub);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), host.ShutdownTimeout);
    }
}
