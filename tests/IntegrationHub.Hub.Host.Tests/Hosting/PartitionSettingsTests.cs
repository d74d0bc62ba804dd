using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Modules.Mqtt;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// The settings of issue 18 item 2: Hub:Mqtt:SharedGroup (MQTT 5 only, a valid share name, applied to every telemetry
/// subscription without a group of its own), Hub:Rules:Partitions and Hub:Rules:ReorderWindow.
/// </summary>
public sealed class PartitionSettingsTests
{
    private static readonly TelemetrySubscription Plain = new() { Source = "plant-telemetry", Topic = "plant/{site}/{asset}/telemetry" };

    [Fact]
    public void Defaults_SixteenPartitions_NoGroup_NoWindow_AndValid()
    {
        var options = new HubOptions();

        Assert.Equal(16, options.Rules.Partitions);
        Assert.Null(options.Rules.ReorderWindow);
        Assert.Null(new MqttOptions().SharedGroup);
        Assert.Empty(HubOptionsValidator.Validate(options));
        Assert.Empty(new MqttAdapterModule().Validate(new MqttOptions()));
    }

    [Fact]
    public void EffectiveSubscriptions_TheHubsGroup_AppliedWhereNoneIsNamed_ASubscriptionsOwnGroupKept()
    {
        var mqtt = new MqttOptions { SharedGroup = "hubs", Subscriptions = [Plain, Plain with { Source = "line-2", SharedGroup = "own" }] };

        Assert.Equal(["hubs", "own"], mqtt.EffectiveSubscriptions().Select(s => s.SharedGroup));
        Assert.Equal([null, null], new MqttOptions { Subscriptions = [Plain, Plain] }.EffectiveSubscriptions().Select(s => s.SharedGroup));
    }

    [Fact]
    public void Validate_SharedGroupOverMqtt311_RefusedWithTheFix()
    {
        var options = new MqttOptions { Enabled = true, ProtocolVersion = 4, SharedGroup = "hubs", Subscriptions = [Plain] };

        var error = Assert.Single(new MqttAdapterModule().Validate(options));
        Assert.StartsWith("Hub:Mqtt:SharedGroup is set but Hub:Mqtt:ProtocolVersion is 4: shared subscriptions need MQTT 5.0", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("hubs+")]
    [InlineData("#")]
    [InlineData("hu\nbs")]
    public void Validate_SharedGroupNotAShareName_RefusedNamingTheSettingAndTheSpec(string group)
    {
        var options = new MqttOptions { Enabled = true, SharedGroup = group, Subscriptions = [Plain] };

        var error = Assert.Single(new MqttAdapterModule().Validate(options));
        Assert.StartsWith("Hub:Mqtt:SharedGroup is '", error, StringComparison.Ordinal);
        Assert.Contains("MQTT 5.0 section 4.8.2", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1025)]
    public void Validate_PartitionsOutOfRange_NamesTheSettingAndTheRange(int partitions)
    {
        var options = new HubOptions { Rules = new RulesOptions { Partitions = partitions } };

        var error = Assert.Single(HubOptionsValidator.Validate(options));
        Assert.StartsWith($"Hub:Rules:Partitions is {partitions}. Use 1 to 1024, the same on every node", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Validate_ReorderWindowOutOfRange_NamesTheSetting(int seconds)
    {
        var options = new HubOptions { Rules = new RulesOptions { ReorderWindow = TimeSpan.FromSeconds(seconds) } };

        var error = Assert.Single(HubOptionsValidator.Validate(options));
        Assert.StartsWith("Hub:Rules:ReorderWindow is ", error, StringComparison.Ordinal);
    }
}
