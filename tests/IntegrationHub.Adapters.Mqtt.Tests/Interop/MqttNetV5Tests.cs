namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The MQTT 5.0 suite against MQTTnet.Server 5.2, which has no shared subscriptions.</summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class MqttNetV5Tests(MqttNetFixture fixture) : BrokerV5Tests
{
    public const string NoSharedSubscriptions =
        "MQTTnet.Server 5.2 has no shared subscriptions: its CONNACK says Shared Subscription Available 0 and it refuses "
        + "$share/ filters (0x9E in 5.0, 0x80 in 3.1.1). MqttNetSharedSubscriptionTests checks that the hub reports the refusal.";

    protected override int Port => fixture.Broker.Port;

    [Fact(Skip = NoSharedSubscriptions)]
    public override Task SharedSubscription_TwoClientsOfMixedVersions_SplitTheStreamWithoutLossOrDuplicates() => Task.CompletedTask;
}
