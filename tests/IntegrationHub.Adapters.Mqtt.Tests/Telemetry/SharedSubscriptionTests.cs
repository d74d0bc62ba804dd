using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Tests.Client;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Telemetry;

/// <summary>
/// Issue 16 item 15 (b): a shared group on a broker without shared subscriptions showed Running and stored nothing
/// (aedes granted $share/... over 3.1.1 as a plain filter). Now it is an error that says so, also against a real broker
/// without them (MQTTnet.Server 5.2).
/// </summary>
[Collection(MqttNetBrokerCollection.Name)]
public sealed class SharedSubscriptionTests(MqttNetFixture mqttNet)
{
    private static readonly TelemetrySubscription[] Shared =
        [new() { Source = "plant-telemetry", Topic = "plant/{asset}/telemetry", SharedGroup = "hubs" }];

    [Fact]
    public void SharedGroupOverV311_RefusedWithTheReason()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MqttTelemetryAdapter(
            "mqtt", TestClients.Options(1883, MqttProtocolVersion.V311), Shared, new NullSink()));
        Assert.Contains("SharedGroup 'hubs' needs MQTT 5.0 shared subscriptions", ex.Message, StringComparison.Ordinal);
        Assert.Contains("plant-telemetry", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V5BrokerSaysSharedSubscriptionsUnavailable_AdapterFaultedWithTheReason()
    {
        await using var broker = new FakeBroker();
        await using var adapter = new MqttTelemetryAdapter("mqtt", TestClients.Options(broker.Port, MqttProtocolVersion.V500), Shared, new NullSink());
        Task starting = adapter.StartAsync(CancellationToken.None);
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync("2005 0000 02 2a00"); // CONNACK: success, Shared Subscription Available 0
        await starting.WaitAsync(TimeSpan.FromSeconds(60));

        AdapterStatus status = adapter.GetStatus();
        Assert.Equal(AdapterState.Faulted, status.State);
        Assert.Contains("does not support shared subscriptions", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V5BrokerWithoutSharedSubscriptions_MqttNetServer_AdapterFaultedWithTheReason()
    {
        await using var adapter = new MqttTelemetryAdapter("mqtt", TestClients.Options(mqttNet.Broker.Port, MqttProtocolVersion.V500), Shared, new NullSink());
        await adapter.StartAsync(CancellationToken.None);

        AdapterStatus status = adapter.GetStatus();
        Assert.Equal(AdapterState.Faulted, status.State);
        Assert.Contains("does not support shared subscriptions", status.LastError, StringComparison.Ordinal);
        Assert.Contains("plant-telemetry", status.LastError, StringComparison.Ordinal);
    }

    private sealed class NullSink : ITelemetrySink
    {
        public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken)
            => Task.FromResult(0);
    }
}
