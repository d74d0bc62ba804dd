using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

public sealed class MosquittoAuthTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync()
        => _broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Users = new Dictionary<string, string> { ["hub"] = "s3cret" } });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Connect_RightPassword_Connects(MqttProtocolVersion version)
    {
        await using var client = new MqttClient(TestClients.Options(_broker.Port, version) with { UserName = "hub", Password = "s3cret" }, (_, _) => ValueTask.CompletedTask);
        await client.ConnectAsync();
        Assert.Equal(MqttClientState.Connected, client.Health.State);
    }

    // mosquitto 2.0.11 answers a wrong password with "not authorized" (3.1.1 return code 5, 5.0 reason 0x87), not with
    // "bad user name or password" (4 / 0x86), as captured on the wire; the error must still point at the credentials.
    [Theory]
    [InlineData(MqttProtocolVersion.V311, 0x87)]
    [InlineData(MqttProtocolVersion.V500, 0x87)]
    public async Task Connect_WrongPassword_RefusedNotTransientAndPointsAtCredentials(MqttProtocolVersion version, byte expected)
    {
        await using var client = new MqttClient(TestClients.Options(_broker.Port, version) with { UserName = "hub", Password = "wrong" }, (_, _) => ValueTask.CompletedTask);
        MqttConnectException ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(expected, ex.ReasonCode);
        Assert.False(ex.IsTransient);
        Assert.Contains("not authorized (0x87)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check UserName and Password", ex.Message, StringComparison.Ordinal);
        Assert.Equal(MqttClientState.Disconnected, client.Health.State);
        Assert.Equal(ex.Message, client.Health.LastError);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 0x87)] // 3.1.1 return code 5 "not authorized", mapped
    [InlineData(MqttProtocolVersion.V500, 0x87)]
    public async Task Connect_Anonymous_RefusedAsNotAuthorized(MqttProtocolVersion version, byte expected)
    {
        await using var client = new MqttClient(TestClients.Options(_broker.Port, version), (_, _) => ValueTask.CompletedTask);
        MqttConnectException ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Equal(expected, ex.ReasonCode);
        Assert.False(ex.IsTransient);
    }
}
