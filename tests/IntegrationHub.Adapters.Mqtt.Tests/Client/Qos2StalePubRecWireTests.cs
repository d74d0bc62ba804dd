using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>
/// Issue 16 item 8: a handled QoS 2 message's PUBREC must never go out once its id was released and given to the next
/// message. mosquitto answers any PUBREC with PUBREL, so such a late PUBREC acknowledges the next message before it
/// is handled and has its id released, and the broker's redelivery of it is then handled a second time.
/// </summary>
public sealed class Qos2StalePubRecWireTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PubRecDelayedUntilTheIdWasReleasedAndReused_NotSent_NextMessageAcknowledgedOnceAfterItsHandler()
    {
        await using var broker = new FakeBroker();
        var store = new GatedStore();
        var handled = new List<string>();
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V311, "stale-pubrec") with
        {
            CleanStart = false,
            SessionStore = store,
        };
        await using var client = new MqttClient(options, (message, _) =>
        {
            lock (handled)
            {
                handled.Add(Encoding.UTF8.GetString(message.Payload.Span));
            }

            return ValueTask.CompletedTask;
        });
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync("20020000");
        await connecting;

        // Message "1" (id 1) is handled; its PUBREC waits for the session store (the window under a busy scheduler).
        await session.SendAsync("3406 0001 71 0001 31");
        await store.InboundAddEntered.Task.WaitAsync(HangGuard);

        // Meanwhile the broker redelivers it (DUP): answered from the session state; then PUBREL completes the exchange
        // and the broker gives id 1 to the next message, "2".
        await session.SendAsync("3c06 0001 71 0001 31");
        Assert.Equal((ushort)1, (await session.ReadAsync<PubRecPacket>()).PacketId);
        await session.SendAsync("6202 0001");
        Assert.Equal((ushort)1, (await session.ReadAsync<PubCompPacket>()).PacketId);
        await session.SendAsync("3406 0001 71 0001 32");
        await Eventually.WaitAsync(() => client.Health.InboundQueued == 1, HangGuard, () => "message 2 was not queued for the handler");

        // The first PUBREC may go now; then a QoS 1 message "3" (id 9) marks the end of what the client sends.
        store.Release();
        await session.SendAsync("3206 0001 71 0009 33");
        var sent = new List<MqttPacket>();
        while (sent.LastOrDefault() is not PubAckPacket { PacketId: 9 })
        {
            MqttPacket packet = await session.ReadAnyAsync().WaitAsync(HangGuard);
            if (packet is not PingReqPacket)
            {
                sent.Add(packet);
            }
        }

        // One PUBREC for id 1 (message "2", after its handler), not a second, late one for message "1".
        Assert.Equal(["1", "2", "3"], handled);
        Assert.Single(sent, p => p is PubRecPacket { PacketId: 1 });
    }

    /// <summary>A session store whose first inbound write waits until the test releases it.</summary>
    private sealed class GatedStore : IMqttSessionStore
    {
        private readonly InMemoryMqttSessionStore _inner = new();
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource InboundAddEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsDurable => true;

        public void Release() => _gate.TrySetResult();

        public ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken) => _inner.LoadAsync(clientId, cancellationToken);

        public ValueTask AddOutgoingAsync(string clientId, MqttStoredPublish publish, CancellationToken cancellationToken) => _inner.AddOutgoingAsync(clientId, publish, cancellationToken);

        public ValueTask MarkOutgoingReleasedAsync(string clientId, ushort packetId, CancellationToken cancellationToken) => _inner.MarkOutgoingReleasedAsync(clientId, packetId, cancellationToken);

        public ValueTask RemoveOutgoingAsync(string clientId, ushort packetId, CancellationToken cancellationToken) => _inner.RemoveOutgoingAsync(clientId, packetId, cancellationToken);

        public async ValueTask AddInboundQos2Async(string clientId, ushort packetId, long sessionGeneration, CancellationToken cancellationToken)
        {
            InboundAddEntered.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            await _inner.AddInboundQos2Async(clientId, packetId, sessionGeneration, cancellationToken);
        }

        public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken) => _inner.RemoveInboundQos2Async(clientId, packetId, cancellationToken);

        public ValueTask<long> StartNewSessionAsync(string clientId, CancellationToken cancellationToken) => _inner.StartNewSessionAsync(clientId, cancellationToken);
    }
}
