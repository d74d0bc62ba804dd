using System.Collections.Concurrent;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>QoS 2 exchanges across a reconnect of the same session, at the exact interleavings a real broker only hits by chance (issue 16 item 8).</summary>
public sealed class Qos2ReconnectWireTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConnectionLostWhileReaderPausedByBackPressure_EveryQos2MessageHandledOnceAfterReconnect()
    {
        await using var broker = new FakeBroker();
        var handled = new ConcurrentDictionary<string, int>();
        using var gate = new SemaphoreSlim(0);
        int entered = 0;
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V311, "bp") with
        {
            CleanStart = false,
            InboundQueueCapacity = 1,
            Reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaximumDelay = TimeSpan.FromMilliseconds(100) },
        };
        await using var client = new MqttClient(options, async (message, ct) =>
        {
            if (Interlocked.Increment(ref entered) == 1)
            {
                await gate.WaitAsync(ct);
            }

            handled.AddOrUpdate(Encoding.UTF8.GetString(message.Payload.Span), 1, (_, n) => n + 1);
        });
        Task connecting = client.ConnectAsync();
        FakeBroker.Session first = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await first.HandshakeAsync("20020000");
        await connecting;

        // Three QoS 2 messages (ids 1-3, topic "q", payloads "1"-"3"): the handler holds the first, the queue (one
        // place) the second, and the packet loop waits with the third: the reader is paused.
        await first.SendAsync("3406 0001 71 0001 31  3406 0001 71 0002 32  3406 0001 71 0003 33");
        await Eventually.WaitAsync(() => Volatile.Read(ref entered) == 1 && client.Health.InboundQueued == 1 && client.ReceivePaused,
            HangGuard, () => $"entered {entered}, queued {client.Health.InboundQueued}, paused {client.ReceivePaused}");

        // The connection dies now. The session survives: the broker redelivers all three with DUP.
        first.Drop();
        await first.DisposeAsync();
        await using FakeBroker.Session second = await broker.AcceptAsync(MqttProtocolVersion.V311);
        Assert.False((await second.HandshakeAsync("20020100")).CleanSession);
        await second.SendAsync("3c06 0001 71 0001 31  3c06 0001 71 0002 32  3c06 0001 71 0003 33");
        gate.Release();

        var received = new HashSet<ushort>();
        for (int packets = 0; received.Count < 3; packets++)
        {
            Assert.True(packets < 6, "more than two PUBRECs per message");
            received.Add(Assert.IsType<PubRecPacket>(await second.ReadAnyAsync()).PacketId);
        }

        await second.SendAsync("6202 0001  6202 0002  6202 0003");
        var completed = new HashSet<ushort>();
        while (completed.Count < 3)
        {
            MqttPacket packet = await second.ReadAnyAsync();
            if (packet is PubCompPacket comp)
            {
                completed.Add(comp.PacketId);
            }
            else
            {
                Assert.IsType<PubRecPacket>(packet); // a second answer to a redelivery
            }
        }

        Assert.Equal(["1", "2", "3"], handled.Keys.Order(StringComparer.Ordinal));
        Assert.All(handled, pair => Assert.Equal(1, pair.Value));
    }

    [Fact]
    public async Task PubComp0x92_AnsweringPubRelResentAfterReconnect_PublishCompletesInRecovery()
    {
        await using var broker = new FakeBroker();
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V500, "rec") with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            Reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaximumDelay = TimeSpan.FromMilliseconds(100) },
        };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session first = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await first.HandshakeAsync("2003000000");
        await connecting;

        Task<MqttPublishResult> publishing = client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce));
        PublishPacket publish = await first.ReadAsync<PublishPacket>();
        string id = publish.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        await first.SendAsync("5002" + id);                                         // PUBREC
        Assert.Equal(publish.PacketId, (await first.ReadAsync<PubRelPacket>()).PacketId);

        // The broker completed the exchange, but its PUBCOMP is lost with the connection.
        first.Drop();
        await first.DisposeAsync();
        await using FakeBroker.Session second = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await second.HandshakeAsync("2003010000");                                   // session present
        Assert.Equal(publish.PacketId, (await second.ReadAsync<PubRelPacket>()).PacketId);
        await second.SendAsync("7003" + id + "92");                                  // PUBCOMP 0x92 packet identifier not found

        MqttPublishResult result = await publishing.WaitAsync(HangGuard);
        Assert.True(result.IsSuccess, result.ReasonString);
        Assert.True(result.CompletedInRecovery);
    }

    [Fact]
    public async Task PubComp0x92_OutsideRecovery_PublishFails()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(TestClients.Options(broker.Port, MqttProtocolVersion.V500, "norec"), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync("2003000000");
        await connecting;

        Task<MqttPublishResult> publishing = client.PublishAsync(new MqttApplicationMessage("t", "x"u8.ToArray(), MqttQualityOfService.ExactlyOnce));
        PublishPacket publish = await session.ReadAsync<PublishPacket>();
        string id = publish.PacketId.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        await session.SendAsync("5002" + id);
        await session.ReadAsync<PubRelPacket>();
        await session.SendAsync("7003" + id + "92");

        // A session-state mismatch, not recovery: the caller must hear of it.
        MqttPublishResult result = await publishing.WaitAsync(HangGuard);
        Assert.False(result.IsSuccess);
        Assert.Equal(0x92, result.ReasonCode);
    }
}
