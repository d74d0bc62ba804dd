using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;
using static IntegrationHub.Adapters.Mqtt.Tests.Codec.CodecTestHelper;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>
/// Our topic aliases (MQTT 5.0 section 3.3.2.3.4), byte for byte: the encoder, and what the client writes on the wire
/// for the Topic Alias Maximum a scripted broker announces.
/// </summary>
public sealed class OutboundTopicAliasTests
{
    // PUBLISH QoS 0, topic "a/b", properties 03 = length 3: 23 00 01 Topic Alias 1, payload "x".
    private const string SetsAlias1 = "300a" + "0003612f62" + "03230001" + "78";

    // Repeat: empty topic 00 00 and the alias.
    private const string UsesAlias1 = "3007" + "0000" + "03230001" + "78";

    // "c" gets alias 2.
    private const string SetsAlias2 = "3008" + "000163" + "03230002" + "78";

    // No alias: topic "d", empty properties.
    private const string FullTopicD = "3005" + "000164" + "00" + "78";

    // CONNACK 5.0: session present 0, success, properties length 3: 22 00 02 Topic Alias Maximum 2.
    private const string ConnAckAliasMaximum2 = "20060000" + "03220002";

    private static readonly byte[] X = "x"u8.ToArray();

    [Fact]
    public void Encoder_PublishWithTopicAlias_GoldenBytes()
    {
        Assert.Equal(SetsAlias1, Encode(new PublishPacket { Topic = "a/b", Payload = X, Properties = new MqttProperties { TopicAlias = 1 } }, MqttProtocolVersion.V500));
        Assert.Equal(UsesAlias1, Encode(new PublishPacket { Topic = string.Empty, Payload = X, Properties = new MqttProperties { TopicAlias = 1 } }, MqttProtocolVersion.V500));

        // QoS 1: the packet identifier (00 05) comes between the topic and the properties.
        Assert.Equal("3209" + "0000" + "0005" + "03230001" + "78",
            Encode(new PublishPacket { Topic = string.Empty, QoS = MqttQualityOfService.AtLeastOnce, PacketId = 5, Payload = X, Properties = new MqttProperties { TopicAlias = 1 } }, MqttProtocolVersion.V500));

        // And the decoder reads an alias-only PUBLISH back.
        PublishPacket decoded = Decode<PublishPacket>(UsesAlias1, MqttProtocolVersion.V500);
        Assert.Equal(string.Empty, decoded.Topic);
        Assert.Equal((ushort)1, decoded.Properties!.TopicAlias);
    }

    [Fact]
    public void Aliases_KeepUserPropertiesAndLeaveTheOriginalPacketIntact()
    {
        var aliases = new OutboundTopicAliases(1);
        var original = new PublishPacket
        {
            Topic = "a/b", QoS = MqttQualityOfService.AtLeastOnce, PacketId = 3, Payload = X,
            Properties = new MqttProperties { UserProperties = [new("k", "v")] },
        };
        PublishPacket first = aliases.Apply(original);
        PublishPacket second = aliases.Apply(original);
        Assert.Equal(("a/b", (ushort?)1), (first.Topic, first.Properties!.TopicAlias));
        Assert.Equal((string.Empty, (ushort?)1), (second.Topic, second.Properties!.TopicAlias));
        Assert.Equal([new("k", "v")], second.Properties.UserProperties!);
        Assert.Equal((ushort)3, second.PacketId);

        // The kept packet (resent after a reconnect) still names its topic and has no alias.
        Assert.Equal("a/b", original.Topic);
        Assert.Null(original.Properties.TopicAlias);
        Assert.Same(original.Properties.UserProperties, second.Properties.UserProperties);
    }

    [Fact]
    public async Task Publish_BrokerAllowsTwoAliases_RepeatsUseThemAndANewConnectionStartsOver()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(TestClients.Options(broker.Port, MqttProtocolVersion.V500, "alias"), (_, _) => ValueTask.CompletedTask);
        Task<MqttConnectResult> connecting = client.ConnectAsync();
        await using (FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500))
        {
            await session.HandshakeAsync(ConnAckAliasMaximum2);
            Assert.Equal((ushort)2, (await connecting).ServerTopicAliasMaximum);
            foreach (string topic in new[] { "a/b", "a/b", "c", "d", "c", "d", "a/b" })
            {
                await client.PublishAsync(new MqttApplicationMessage(topic, X, MqttQualityOfService.AtMostOnce));
            }

            string[] wire = [.. await ReadHexAsync(session, 7)];
            Assert.Equal([SetsAlias1, UsesAlias1, SetsAlias2, FullTopicD, "3007000003230002" + "78", FullTopicD, UsesAlias1], wire);
            session.Drop();
        }

        // Aliases belong to one connection [MQTT-3.3.2-7]: after the reconnect "a/b" is introduced again.
        await using FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await again.HandshakeAsync(ConnAckAliasMaximum2);
        await Eventually.WaitAsync(() => client.Health.State == MqttClientState.Connected, TimeSpan.FromSeconds(10), () => "no reconnect");
        await client.PublishAsync(new MqttApplicationMessage("a/b", X, MqttQualityOfService.AtMostOnce));
        await client.PublishAsync(new MqttApplicationMessage("a/b", X, MqttQualityOfService.AtMostOnce));
        Assert.Equal([SetsAlias1, UsesAlias1], await ReadHexAsync(again, 2));
    }

    [Fact]
    public async Task Publish_ResentAfterReconnect_CarriesTheFullTopicAgain()
    {
        await using var broker = new FakeBroker();
        await using var client = new MqttClient(TestClients.Options(broker.Port, MqttProtocolVersion.V500, "alias-resend"), (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        Task<MqttPublishResult> publishing;
        await using (FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500))
        {
            await session.HandshakeAsync(ConnAckAliasMaximum2);
            await connecting;
            await client.PublishAsync(new MqttApplicationMessage("a/b", X, MqttQualityOfService.AtMostOnce));
            publishing = client.PublishAsync(new MqttApplicationMessage("a/b", X));
            Assert.Equal([SetsAlias1, "3209" + "0000" + "0001" + "03230001" + "78"], await ReadHexAsync(session, 2));
            session.Drop();   // no PUBACK
        }

        await using FakeBroker.Session again = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await again.HandshakeAsync("20060100" + "03220002"); // session present
        // The resend (DUP) is the first PUBLISH on the new connection, so it introduces the alias afresh.
        Assert.Equal("3a0c" + "0003612f62" + "0001" + "03230001" + "78", await again.ReadHexAsync());
        await again.SendAsync("40020001");
        Assert.True((await publishing.WaitAsync(TimeSpan.FromSeconds(10))).IsSuccess);
    }

    [Theory]
    [InlineData("2003000000", true)]            // 5.0 CONNACK without Topic Alias Maximum: the broker accepts none
    [InlineData(ConnAckAliasMaximum2, false)]   // the broker allows two, but the options turn them off
    public async Task Publish_NoAliasesAllowed_NeverSendsOne(string connAck, bool useAliases)
    {
        await using var broker = new FakeBroker();
        MqttClientOptions options = TestClients.Options(broker.Port, MqttProtocolVersion.V500, "no-alias") with { UseOutboundTopicAliases = useAliases };
        await using var client = new MqttClient(options, (_, _) => ValueTask.CompletedTask);
        Task connecting = client.ConnectAsync();
        await using FakeBroker.Session session = await broker.AcceptAsync(MqttProtocolVersion.V500);
        await session.HandshakeAsync(connAck);
        await connecting;
        for (int i = 0; i < 3; i++)
        {
            await client.PublishAsync(new MqttApplicationMessage("a/b", X, MqttQualityOfService.AtMostOnce));
        }

        Assert.Equal(Enumerable.Repeat("3007" + "0003612f62" + "00" + "78", 3), await ReadHexAsync(session, 3));
    }

    private static async Task<List<string>> ReadHexAsync(FakeBroker.Session session, int count)
    {
        var packets = new List<string>();
        while (packets.Count < count)
        {
            string hex = await session.ReadHexAsync();
            if (!hex.StartsWith("c0", StringComparison.Ordinal))   // PINGREQ may come in between
            {
                packets.Add(hex);
            }
        }

        return packets;
    }
}
