namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The last-will suite against MQTTnet.Server 5.2.</summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class MqttNetWillTests(MqttNetFixture fixture) : BrokerWillTests
{
    protected override int Port => fixture.Broker.Port;
}
