using System.Collections.Concurrent;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// Issue 16 item 16: a handler that stores a QoS 2 message's receipt in the transaction of its effect closes the
/// window between the effect and the session store, and a receipt of an older session, stored late, is never taken
/// for one of the current session.
/// </summary>
public sealed class MosquittoQos2ReceiptTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Qos2Receipt_StoredWithTheEffect_CrashBeforePubRec_NewInstanceDoesNotHandleItAgain(MqttProtocolVersion version)
    {
        string topic = "receipt/" + TestClients.NewId("crash");
        var store = new DurableTestStore();
        var effects = new ConcurrentQueue<string>();
        string clientId = TestClients.NewId("sub");
        MqttClientOptions options = TestClients.Options(fixture.Broker.Port, version, clientId) with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            SessionStore = store,
        };

        // The first instance commits the effect with the receipt, then the process "dies" before the handler returns:
        // no PUBREC goes out and the client itself never recorded the id.
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCollector = new MessageCollector
        {
            Before = async (message, cancellationToken) =>
            {
                await CommitAsync(store, effects, message, cancellationToken);
                committed.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            },
        };
        MqttClient first = await TestClients.ConnectAsync(options, firstCollector);
        Assert.True((await first.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce)).IsSuccess);
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500));
        Assert.True((await publisher.PublishAsync(new MqttApplicationMessage(topic, "one"u8.ToArray(), MqttQualityOfService.ExactlyOnce))).IsSuccess);
        await committed.Task.WaitAsync(HangGuard);
        await first.DisposeAsync();
        Assert.Equal(0, firstCollector.Count);

        // The second instance resumes the session: the broker redelivers "one" (DUP), answered without handing it over.
        var secondCollector = new MessageCollector { Before = (message, cancellationToken) => CommitAsync(store, effects, message, cancellationToken) };
        await using MqttClient second = await TestClients.ConnectAsync(options, secondCollector);
        Assert.True((await publisher.PublishAsync(new MqttApplicationMessage(topic, "two"u8.ToArray(), MqttQualityOfService.ExactlyOnce))).IsSuccess);
        await Eventually.WaitAsync(() => effects.Contains("two"), HangGuard, () => $"effects [{string.Join(",", effects)}]");
        Assert.Equal(["one", "two"], effects);
        Assert.Equal(["two"], secondCollector.Payloads);
        await Eventually.WaitAsync(() => store.InboundCount(clientId) == 0, HangGuard, () => $"{store.InboundCount(clientId)} inbound ids left in the store");

        // Each id written once, by its handler: the client does not write a receipt marked stored again.
        Assert.Equal(2, store.InboundAdds);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Qos2Receipt_OldSessionCommitsAfterBrokerStartedANewOne_SameIdInTheNewSessionIsHandled(MqttProtocolVersion version)
    {
        // A broker of its own: it is restarted without its persistence file, so that it forgets the session.
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        string topic = "receipt/" + TestClients.NewId("epoch");
        var store = new DurableTestStore();
        var effects = new ConcurrentQueue<string>();
        string clientId = TestClients.NewId("sub");
        MqttClientOptions options = TestClients.Options(broker.Port, version, clientId) with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            SessionStore = store,
        };

        // The first instance's handler holds the message "old" until the broker has started a new session.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource<MqttQos2Receipt>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstCollector = new MessageCollector
        {
            Before = async (message, cancellationToken) =>
            {
                entered.TrySetResult(message.Qos2Receipt!);
                await gate.Task.WaitAsync(cancellationToken);
                await CommitAsync(store, effects, message, cancellationToken);
            },
        };
        MqttClient first = await TestClients.ConnectAsync(options, firstCollector);
        Assert.True((await first.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce)).IsSuccess);
        await PublishAsync(broker, "old", topic);
        MqttQos2Receipt old = await entered.Task.WaitAsync(HangGuard);

        await broker.StopAsync();
        File.Delete(Path.Combine(broker.Directory, "mosquitto.db"));
        await broker.RestartAsync();
        await Eventually.WaitAsync(() => first.Health is { State: MqttClientState.Connected, Reconnects: > 0 } && store.Generation(clientId) > old.SessionGeneration,
            HangGuard, () => $"state {first.Health.State}, {first.Health.Reconnects} reconnects, generation {store.Generation(clientId)}");
        Assert.False(first.Health.SessionPresent);
        Assert.True((await first.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce)).IsSuccess);

        // Now the old session's handler commits its effect, and its receipt, late.
        gate.SetResult();
        await firstCollector.WaitForCountAsync(1, HangGuard);
        await first.DisposeAsync();
        Assert.Equal(["old"], effects);

        // The new session's first message gets the same packet id; a new instance must not take it for "old".
        await PublishAsync(broker, "new", topic);
        await PublishAsync(broker, "after", topic);
        var secondCollector = new MessageCollector { Before = (message, cancellationToken) => CommitAsync(store, effects, message, cancellationToken) };
        await using MqttClient second = await TestClients.ConnectAsync(options, secondCollector);
        await Eventually.WaitAsync(() => effects.Contains("after"), HangGuard, () => $"effects [{string.Join(",", effects)}]");
        Assert.Equal(["old", "new", "after"], effects);
        Assert.Equal(old.PacketId, secondCollector.Messages[0].Qos2Receipt!.PacketId);
        Assert.True(secondCollector.Messages[0].Qos2Receipt!.SessionGeneration > old.SessionGeneration);
    }

    /// <summary>The handler's "transaction": its effect and the message's receipt, then the receipt marked stored.</summary>
    private static async ValueTask CommitAsync(DurableTestStore store, ConcurrentQueue<string> effects, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        MqttQos2Receipt receipt = message.Qos2Receipt ?? throw new InvalidOperationException("A QoS 2 message without a receipt.");
        effects.Enqueue(Encoding.UTF8.GetString(message.Payload.Span));
        await store.AddInboundQos2Async(receipt.ClientId, receipt.PacketId, receipt.SessionGeneration, cancellationToken);
        receipt.MarkStored();
    }

    private static async Task PublishAsync(MosquittoBroker broker, string payload, string topic)
    {
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(broker.Port, MqttProtocolVersion.V500));
        Assert.True((await publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(payload), MqttQualityOfService.ExactlyOnce))).IsSuccess);
    }
}
