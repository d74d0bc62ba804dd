using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// MQTTnet.Server 5.2 does not limit the QoS 1 messages it has in flight to a client by the client's 5.0 Receive
/// Maximum [MQTT-3.3.4-9] (it never reads the property). The hub's client may disconnect with 0x93 then, but a hub
/// that did so would never drain a backlog from this broker: it takes them, keeps its inbound queue bounded and
/// acknowledges each after the handler.
/// </summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class MqttNetReceiveMaximumTests(MqttNetFixture fixture)
{
    [Fact]
    public async Task BrokerOverrunsOurReceiveMaximum_NoDisconnect_EveryMessageArrivesOnce()
    {
        const int count = 300;
        const ushort receiveMaximum = 2;
        const int capacity = 32;
        string topic = $"overrun/{TestClients.NewId("o")}";
        using var gate = new SemaphoreSlim(0);
        var collector = new MessageCollector { Before = async (_, ct) => await gate.WaitAsync(ct) };
        MqttClientOptions options = TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500) with
        {
            ReceiveMaximum = receiveMaximum,
            InboundQueueCapacity = capacity,
        };
        await using var subscriber = new MqttClient(options, collector.HandleAsync);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500));
        MqttPublishResult[] published = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), MqttQualityOfService.AtLeastOnce))));
        Assert.All(published, r => Assert.True(r.IsSuccess, r.ReasonString));

        // The handler holds the first message: a broker keeping to Receive Maximum 2 could not fill the queue past it.
        await Eventually.WaitAsync(() => subscriber.Health.InboundQueued >= capacity, TimeSpan.FromSeconds(60), () => $"{subscriber.Health.InboundQueued} queued");
        Assert.Equal(capacity, subscriber.Health.InboundQueued);

        gate.Release(count + 10);
        await collector.WaitForCountAsync(count, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(), collector.Payloads.Order());
        Assert.Equal(0, subscriber.Health.Reconnects);
        Assert.Equal(MqttClientState.Connected, subscriber.Health.State);
    }
}
