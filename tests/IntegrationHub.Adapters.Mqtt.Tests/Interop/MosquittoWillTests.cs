namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The last-will suite against mosquitto.</summary>
public sealed class MosquittoWillTests(MosquittoFixture fixture) : BrokerWillTests, IClassFixture<MosquittoFixture>
{
    protected override int Port => fixture.Broker.Port;
}
