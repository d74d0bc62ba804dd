using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// MQTTnet.Server refuses a 3.1.1 CONNECT with an empty client id even with a clean session (return code 2; the
/// standard lets a broker choose, mosquitto accepts it): the refusal says what to set and is not retried.
/// </summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class MqttNetRefusalTests(MqttNetFixture fixture)
{
    [Fact]
    public async Task V311EmptyClientId_Refused_MessageSaysSetAClientId_NotTransient()
    {
        MqttClientOptions options = TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V311, clientId: string.Empty) with { CleanStart = true };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        MqttConnectException ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(0x85, ex.ReasonCode);
        Assert.Contains("Set a ClientId the broker accepts", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }
}
