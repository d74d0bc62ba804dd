using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Last will, for every broker: published when the connection is cut, not after a clean DISCONNECT; the client reconnects by itself.</summary>
public abstract class BrokerWillTests
{
    protected abstract int Port { get; }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task ConnectionCut_WillPublished_ClientReconnects(MqttProtocolVersion version)
    {
        string topic = "will/" + TestClients.NewId("w");
        var watcher = new MessageCollector();
        await using MqttClient watching = await TestClients.ConnectAsync(TestClients.Options(Port, version), watcher);
        await watching.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);

        await using var forwarder = new TcpForwarder(Port);
        MqttClientOptions options = TestClients.Options(forwarder.Port, version) with
        {
            LastWill = new MqttLastWill(topic, "offline"u8.ToArray()),
        };
        await using MqttClient client = await TestClients.ConnectAsync(options);
        forwarder.CutAll();

        await watcher.WaitForCountAsync(1);
        Assert.Equal(["offline"], watcher.Payloads);
        await Eventually.WaitAsync(() => forwarder.Accepted >= 2 && client.Health.State == MqttClientState.Connected, TimeSpan.FromSeconds(30), () => client.Health.State.ToString());
        Assert.True(client.Health.Reconnects >= 1);
    }

    [Fact]
    public async Task CleanDisconnect_WillNotPublished()
    {
        string topic = "will/" + TestClients.NewId("w");
        var watcher = new MessageCollector();
        await using MqttClient watching = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500), watcher);
        await watching.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        MqttClient client = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500) with
        {
            LastWill = new MqttLastWill(topic, "offline"u8.ToArray()),
        });
        await client.DisposeAsync();
        Assert.Equal(MqttClientState.Disconnected, client.Health.State);

        // The marker is published after the disconnect; a will would have been routed before it.
        await watching.PublishAsync(new MqttApplicationMessage(topic, "marker"u8.ToArray()));
        await watcher.WaitForCountAsync(1);
        Assert.Equal(["marker"], watcher.Payloads);
    }
}
