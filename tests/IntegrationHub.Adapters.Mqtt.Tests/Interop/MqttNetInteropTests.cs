namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// The core interop suite against MQTTnet.Server 5.2, MQTT 3.1.1 and 5.0. After each test the broker must not have
/// dropped a queued message: a drop would be the broker's queue limit, not the client, losing messages.
/// </summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class MqttNetInteropTests(MqttNetFixture fixture) : BrokerInteropTests, IDisposable
{
    protected override int Port => fixture.Broker.Port;

    protected override IReadOnlyList<MqttProtocolVersion> Versions => [MqttProtocolVersion.V500, MqttProtocolVersion.V311];

    public void Dispose()
        => Assert.True(fixture.Broker.DroppedMessages == 0, $"MQTTnet.Server dropped {fixture.Broker.DroppedMessages} queued messages. {fixture.Broker.RecentLog}");
}
