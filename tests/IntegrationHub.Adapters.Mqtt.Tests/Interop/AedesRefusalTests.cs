using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Issue 16 item 15 (a): a 3.1.1-only broker (aedes) refusing a 5.0 CONNECT is explained as such.</summary>
public sealed class AedesRefusalTests(AedesFixture fixture) : IClassFixture<AedesFixture>
{
    [Fact]
    public async Task V5Connect_To311OnlyBroker_RefusalSaysSetProtocolVersion4_NotGrantedQos1()
    {
        await using var client = new MqttClient(TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        MqttConnectException ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Contains("this broker speaks MQTT 3.1.1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Set ProtocolVersion to 4", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("granted QoS", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0x84, ex.ReasonCode);
        Assert.False(ex.IsTransient);
    }
}
