using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>
/// What our QoS 2 publisher resends after a reconnect (MQTT 3.1.1 / 5.0 section 4.4): PUBREL for every message whose
/// PUBREC arrived, PUBLISH (DUP) only for the others, and never a PUBLISH after its PUBREL: a broker forgets the packet
/// id once it answered PUBREL, so a later PUBLISH with it is a new message, delivered again (issue 16 item 8).
/// </summary>
public sealed class Qos2ResendOrderWireTests
{
    private const int InFlight = 20;

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task ConnectionCutRightAfterPubRel_ResendIsPubRelNeverPublish(MqttProtocolVersion version)
    {
        await using var broker = new FakeBroker();
        await using MqttClient client = new(Persistent(broker.Port, version, "rel"), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session first = await broker.AcceptAsync(version);
        await first.HandshakeAsync(ConnAck(version, sessionPresent: false));
        await connecting;

        List<Task<MqttPublishResult>> publishing = [.. Enumerable.Range(0, InFlight).Select(i => Publish(client, i))];
        List<ushort> ids = [];
        for (int i = 0; i < InFlight; i++)
        {
            ids.Add((await first.ReadAsync<PublishPacket>()).PacketId);
        }

        // The even ones are received (PUBREC) and released (PUBREL read here, so the broker forgot them); the odd
        // ones never got an answer. Then the connection is cut, before any PUBCOMP.
        HashSet<ushort> released = [.. ids.Where((_, i) => i % 2 == 0)];
        await first.SendAsync(string.Concat(released.Select(id => PubRec(version, id))));
        for (int i = 0; i < released.Count; i++)
        {
            Assert.Contains((await first.ReadAsync<PubRelPacket>()).PacketId, released);
        }

        first.Drop();
        await first.DisposeAsync();
        await using FakeBroker.Session second = await broker.AcceptAsync(version);
        await second.HandshakeAsync(ConnAck(version, sessionPresent: true));

        HashSet<ushort> pubRels = [];
        HashSet<ushort> publishes = [];
        while (pubRels.Count + publishes.Count < InFlight)
        {
            switch (await second.ReadAnyAsync())
            {
                case PubRelPacket rel:
                    Assert.True(released.Contains(rel.PacketId), $"PUBREL {rel.PacketId} for a message whose PUBREC never came");
                    Assert.True(pubRels.Add(rel.PacketId), $"PUBREL {rel.PacketId} resent twice");
                    break;
                case PublishPacket publish:
                    Assert.False(released.Contains(publish.PacketId), $"PUBLISH {publish.PacketId} resent after its PUBREL: the broker takes it for a new message");
                    Assert.True(publish.Dup);
                    Assert.True(publishes.Add(publish.PacketId), $"PUBLISH {publish.PacketId} resent twice");
                    break;
                case MqttPacket other:
                    Assert.Fail($"unexpected {other.Type}");
                    break;
            }
        }

        // Finish every exchange; each publish completes once.
        await second.SendAsync(string.Concat(publishes.Select(id => PubRec(version, id))));
        for (int i = 0; i < publishes.Count; i++)
        {
            Assert.Contains(Assert.IsType<PubRelPacket>(await second.ReadAnyAsync()).PacketId, publishes);
        }

        await second.SendAsync(string.Concat(ids.Select(id => PubComp(version, id))));
        Assert.All(await Task.WhenAll(publishing).WaitAsync(TimeSpan.FromSeconds(60)), r => Assert.True(r.IsSuccess, r.ReasonString));
    }

    /// <summary>
    /// A PUBREC that the packet loop handles while the reconnect is still resending: whichever comes first, the
    /// PUBLISH of a message must not reach the wire after its PUBREL. The broker's PUBRECs arrive in the same segment
    /// as CONNACK, so the packet loop handles them while the resend runs; repeated over many reconnects.
    /// </summary>
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task PubRecHandledWhileReconnectResends_NoPublishFollowsItsPubRel(MqttProtocolVersion version)
    {
        await using var broker = new FakeBroker();
        await using MqttClient client = new(Persistent(broker.Port, version, "race"), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        FakeBroker.Session session = await broker.AcceptAsync(version);
        await session.HandshakeAsync(ConnAck(version, sessionPresent: false));
        await connecting;

        HashSet<ushort> previous = [];
        for (int round = 0; round < 100; round++)
        {
            List<Task<MqttPublishResult>> publishing = [.. Enumerable.Range(0, InFlight).Select(i => Publish(client, i))];
            List<ushort> ids = [];
            while (ids.Count < InFlight)
            {
                // Late packets of the previous round may come first: a second PUBREL is allowed, its PUBLISH is not.
                switch (await session.ReadAnyAsync())
                {
                    case PublishPacket publish:
                        Assert.False(previous.Contains(publish.PacketId), $"round {round}: PUBLISH {publish.PacketId} after its PUBREL");
                        ids.Add(publish.PacketId);
                        break;
                    case PubRelPacket rel:
                        Assert.Contains(rel.PacketId, previous);
                        break;
                    case MqttPacket other:
                        Assert.Fail($"unexpected {other.Type}");
                        break;
                }
            }

            // Cut before any answer; the broker holds all of them (section 4.3.3: it has stored each PUBLISH).
            session.Drop();
            await session.DisposeAsync();
            session = await broker.AcceptAsync(version);
            await session.HandshakeAsync(ConnAck(version, sessionPresent: true) + string.Concat(ids.Select(id => PubRec(version, id))));

            HashSet<ushort> pubRels = [];
            while (pubRels.Count < InFlight)
            {
                switch (await session.ReadAnyAsync())
                {
                    case PubRelPacket rel:
                        Assert.Contains(rel.PacketId, ids);
                        pubRels.Add(rel.PacketId);
                        break;
                    case PublishPacket publish:
                        Assert.False(pubRels.Contains(publish.PacketId), $"round {round}: PUBLISH {publish.PacketId} after its PUBREL");
                        Assert.Contains(publish.PacketId, ids);
                        break;
                    case MqttPacket other:
                        Assert.Fail($"unexpected {other.Type}");
                        break;
                }
            }

            await session.SendAsync(string.Concat(ids.Select(id => PubComp(version, id))));
            Assert.All(await Task.WhenAll(publishing).WaitAsync(TimeSpan.FromSeconds(60)), r => Assert.True(r.IsSuccess, r.ReasonString));
            previous = [.. ids];
        }

        await session.DisposeAsync();
    }

    private static MqttClientOptions Persistent(int port, MqttProtocolVersion version, string prefix) => TestClients.Options(port, version, TestClients.NewId(prefix)) with
    {
        CleanStart = false,
        SessionExpirySeconds = version == MqttProtocolVersion.V500 ? 600u : 0u,
        KeepAlive = TimeSpan.Zero,
        Reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaximumDelay = TimeSpan.FromMilliseconds(100) },
    };

    private static Task<MqttPublishResult> Publish(MqttClient client, int n)
        => client.PublishAsync(new MqttApplicationMessage("q", new[] { (byte)('a' + n) }, MqttQualityOfService.ExactlyOnce));

    private static string ConnAck(MqttProtocolVersion version, bool sessionPresent)
        => (version == MqttProtocolVersion.V500 ? "2003" : "2002") + (sessionPresent ? "01" : "00") + "00" + (version == MqttProtocolVersion.V500 ? "00" : string.Empty);

    private static string Hex(ushort id) => id.ToString("x4", CultureInfo.InvariantCulture);

    private static string PubRec(MqttProtocolVersion _, ushort id) => "5002" + Hex(id);

    private static string PubComp(MqttProtocolVersion _, ushort id) => "7002" + Hex(id);
}
