namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The test classes that share one MQTTnet.Server for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class MqttNetBrokerCollection : ICollectionFixture<MqttNetFixture>
{
    public const string Name = "MQTTnet.Server broker";
}
