namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The same core interop suite against aedes, an independent broker; it speaks MQTT 3.1.1 only (PEERS.md).</summary>
public sealed class AedesInteropTests(AedesFixture fixture) : BrokerInteropTests, IClassFixture<AedesFixture>
{
    protected override int Port => fixture.Broker.Port;

    protected override IReadOnlyList<MqttProtocolVersion> Versions => [MqttProtocolVersion.V311];
}
