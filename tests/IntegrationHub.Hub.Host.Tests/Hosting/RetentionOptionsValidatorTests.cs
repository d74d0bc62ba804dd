using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>Bad retention settings are refused at start, each naming its setting (issue 17 item 6).</summary>
public class RetentionOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(HubOptionsValidator.Validate(new HubOptions()));
    }

    [Fact]
    public void Validate_EveryBadSetting_NamedOnce()
    {
        var options = new HubOptions
        {
            Telemetry = new TelemetryOptions
            {
                RawRetention = TimeSpan.FromSeconds(30),
                RollupRetention = new RollupRetentionOptions { Minute = TimeSpan.FromSeconds(10), Hour = TimeSpan.FromSeconds(5) },
            },
            Retention = new RetentionOptions
            {
                DeadLetters = TimeSpan.FromDays(1),
                ReplayedDeadLetters = TimeSpan.FromDays(2),
                SentOutbox = TimeSpan.FromMinutes(30),
                ProcessedFiles = TimeSpan.Zero,
                Interval = TimeSpan.Zero,
                BatchSize = 0,
                BatchPause = TimeSpan.FromSeconds(-1),
            },
        };

        var errors = HubOptionsValidator.Validate(options);

        string[] named =
        [
            "Hub:Telemetry:RawRetention is", "Hub:Telemetry:RollupRetention:Minute is", "Hub:Telemetry:RollupRetention:Hour is",
            "Hub:Retention:DeadLetters is", "Hub:Retention:SentOutbox is", "Hub:Retention:ProcessedFiles is",
            "Hub:Retention:Interval is", "Hub:Retention:BatchSize is", "Hub:Retention:BatchPause is",
        ];
        Assert.Equal(named.Length, errors.Count);
        Assert.All(named, prefix => Assert.Single(errors, e => e.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.Contains("Hub:Notifications:CustomerWindow (01:00:00)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_BadRetentionSetting_RefusedNamingIt()
    {
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(
            "--Hub:Telemetry:RawRetention=00:00:10", "--Hub:Telemetry:RollupRetention:Hour=1.00:00:00"));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Telemetry:RawRetention is 00:00:10", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Telemetry:RollupRetention:Hour is 1.00:00:00", StringComparison.Ordinal));
    }
}
