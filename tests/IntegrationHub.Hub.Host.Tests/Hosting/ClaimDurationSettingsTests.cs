using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>Hub:Notifications:ClaimDuration (issue 18 item 3): how long a node holds the outbox messages it claimed.</summary>
public sealed class ClaimDurationSettingsTests
{
    [Fact]
    public void ClaimDuration_Default_IsFiveMinutesAndValid()
    {
        var options = new HubOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.Notifications.ClaimDuration);
        Assert.Empty(HubOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:29")]
    [InlineData("01:00:01")]
    public void Validate_ClaimDurationOutOfRange_NamesTheSettingAndTheRange(string duration)
    {
        var options = new HubOptions { Notifications = new NotificationOptions { ClaimDuration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture) } };

        var error = Assert.Single(HubOptionsValidator.Validate(options));
        Assert.StartsWith($"Hub:Notifications:ClaimDuration is {duration}. Use 00:00:30 to 01:00:00", error, StringComparison.Ordinal);
    }
}
