using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>
/// Issue 16 items 18 and 12 at the wire, with the scripted broker (a real broker does not send bad packets on demand).
/// MQTT 5.0 section 4.13: on a protocol error the client sends DISCONNECT with the reason code before it closes.
/// MQTT 3.1.1 has no way to announce a maximum, so an oversized PUBLISH is read past and acknowledged.
/// </summary>
public sealed class ProtocolErrorDisconnectTests
{
    private const string ConnAckV5 = "2003000000";
    private const string ConnAckV3 = "20020000";

    [Theory]
    [InlineData("300a 0003612f62 03 230064 31", 0x94, "[MQTT-3.3.2-11]")]        // alias 100 above the 64 we announced
    [InlineData("3007 0000 03 230005 32", 0x82, "never mapped")]                // empty topic, alias 5 never set
    public async Task V5_BadTopicAlias_ClientSendsDisconnectWithReasonCode(string publishHex, byte reasonCode, string cited)
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(TestClients.Options(broker.Port, MqttProtocolVersion.V500, "bad-alias"), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        await session.SendAsync(publishHex);
        DisconnectPacket disconnect = await session.ReadAsync<DisconnectPacket>();
        Assert.Equal(reasonCode, disconnect.ReasonCode);
        Assert.Contains(cited, disconnect.Properties?.ReasonString, StringComparison.Ordinal);
        Assert.DoesNotContain("[MQTT-3.3.2-9]", disconnect.Properties?.ReasonString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V5_PacketAboveOurMaximum_ClientSendsDisconnect0x95()
    {
        await using var broker = new FakeBroker();
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V500, "too-large") with { MaximumPacketSize = 128 };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(ConnAckV5);
        await connecting;

        await session.SendAsync(Publish(MqttProtocolVersion.V500, "a/b", qos: 0, packetId: 0, payloadBytes: 300));
        DisconnectPacket disconnect = await session.ReadAsync<DisconnectPacket>();
        Assert.Equal(0x95, disconnect.ReasonCode);
    }

    [Fact]
    public async Task V311_PublishAboveMaximum_HandedOverAsOversizedAndAcknowledged_NextMessageFlows()
    {
        await using var broker = new FakeBroker();
        var received = new List<MqttApplicationMessage>();
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V311, "oversized-wire") with { MaximumPacketSize = 128 };
        await using var client = new MqttClient(options, (m, _) =>
        {
            lock (received)
            {
                received.Add(m);
            }

            return ValueTask.CompletedTask;
        });
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V311);
        await session.HandshakeAsync(ConnAckV3);
        await connecting;

        // 70 KiB in one write, so that the skip spans many socket reads; then a small message right behind it.
        string big = Publish(MqttProtocolVersion.V311, "big/one", qos: 1, packetId: 7, payloadBytes: 70_000);
        await session.SendAsync(big + Publish(MqttProtocolVersion.V311, "small", qos: 1, packetId: 8, payloadBytes: 3));
        Assert.Equal(7, (await session.ReadAsync<PubAckPacket>()).PacketId);
        Assert.Equal(8, (await session.ReadAsync<PubAckPacket>()).PacketId);

        lock (received)
        {
            Assert.Equal(["big/one", "small"], received.Select(m => m.Topic));
            Assert.Equal(big.Length / 2, received[0].OversizedPacketSize);
            Assert.True(received[0].Payload.IsEmpty);
            Assert.Null(received[1].OversizedPacketSize);
            Assert.Equal(3, received[1].Payload.Length);
        }

        Assert.Equal(0, client.Health.Reconnects);
    }

    private static string Publish(MqttProtocolVersion version, string topic, int qos, ushort packetId, int payloadBytes)
    {
        var body = new List<byte> { (byte)(topic.Length >> 8), (byte)topic.Length };
        body.AddRange(System.Text.Encoding.UTF8.GetBytes(topic));
        if (qos > 0)
        {
            body.Add((byte)(packetId >> 8));
            body.Add((byte)packetId);
        }

        if (version == MqttProtocolVersion.V500)
        {
            body.Add(0); // no properties
        }

        body.AddRange(Enumerable.Repeat((byte)'p', payloadBytes));
        var packet = new List<byte> { (byte)(0x30 | (qos << 1)) };
        int remaining = body.Count;
        do
        {
            byte b = (byte)(remaining % 128);
            remaining /= 128;
            packet.Add(remaining > 0 ? (byte)(b | 0x80) : b);
        }
        while (remaining > 0);
        packet.AddRange(body);
        return Convert.ToHexString([.. packet]).ToLower(CultureInfo.InvariantCulture);
    }
}
