namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The MQTT 5.0 suite against mosquitto.</summary>
public sealed class MosquittoV5Tests(MosquittoFixture fixture) : BrokerV5Tests, IClassFixture<MosquittoFixture>
{
    protected override int Port => fixture.Broker.Port;
}
