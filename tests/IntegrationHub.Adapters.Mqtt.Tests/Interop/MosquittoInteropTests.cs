namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The core interop suite against mosquitto, MQTT 3.1.1 and 5.0.</summary>
public sealed class MosquittoInteropTests(MosquittoFixture fixture) : BrokerInteropTests, IClassFixture<MosquittoFixture>
{
    protected override int Port => fixture.Broker.Port;

    protected override IReadOnlyList<MqttProtocolVersion> Versions => [MqttProtocolVersion.V500, MqttProtocolVersion.V311];
}
