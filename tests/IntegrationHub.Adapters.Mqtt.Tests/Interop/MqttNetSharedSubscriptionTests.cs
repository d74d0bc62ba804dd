using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// A broker without shared subscriptions (MQTTnet.Server 5.2): the refusal reaches the caller as a failed SUBACK entry
/// with its reason, and the connection goes on serving the other subscriptions. aedes, by contrast, grants $share/...
/// over 3.1.1 as a plain filter that never matches (Telemetry/SharedSubscriptionTests).
/// </summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class MqttNetSharedSubscriptionTests(MqttNetFixture fixture)
{
    [Theory]
    [InlineData(MqttProtocolVersion.V500, 0x9E, "shared subscriptions not supported", false)]
    [InlineData(MqttProtocolVersion.V311, 0x80, "unspecified error", null)] // 3.1.1 has one failure code and no CONNACK property
    public async Task SharedFilter_Refused_ReasonReported_PlainFilterOnTheSameConnectionStillDelivers(MqttProtocolVersion version, int reasonCode, string description, bool? announced)
    {
        string topic = $"noshare/{TestClients.NewId("n")}";
        var collector = new MessageCollector();
        await using var client = new MqttClient(TestClients.Options(fixture.Broker.Port, version), collector.HandleAsync);
        MqttConnectResult connected = await client.ConnectAsync();
        Assert.Equal(announced, connected.SharedSubscriptionsAvailable);

        IReadOnlyList<MqttSubscribeResult> results = await client.SubscribeAsync(
            [new MqttSubscription($"$share/hubs/{topic}", MqttQualityOfService.AtLeastOnce), new MqttSubscription(topic, MqttQualityOfService.AtLeastOnce)]);
        Assert.Equal(2, results.Count);
        Assert.False(results[0].IsSuccess);
        Assert.Equal(reasonCode, results[0].ReasonCode);
        Assert.Equal(description, results[0].Description);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, results[1].GrantedQoS);

        await client.PublishAsync(new MqttApplicationMessage(topic, "plain"u8.ToArray(), MqttQualityOfService.AtLeastOnce));
        await collector.WaitForCountAsync(1);
        Assert.Equal(["plain"], collector.Payloads);
        Assert.Equal(MqttClientState.Connected, client.Health.State);
    }
}
