using System.Text;
using IntegrationHub.Adapters.Mqtt.Packets;
using static IntegrationHub.Adapters.Mqtt.Tests.Codec.CodecTestHelper;

namespace IntegrationHub.Adapters.Mqtt.Tests.Codec;

/// <summary>
/// Golden bytes captured on 2026-11-22 from mosquitto 2.0.11 and mosquitto_pub/mosquitto_sub 2.0.11 through a
/// logging TCP proxy on loopback (C>S: client to broker, S>C: broker to client). Each is decoded, and where the
/// field order of our encoder matches the peer's, encoded back to the same bytes.
/// </summary>
public sealed class MosquittoCaptureTests
{
    private const MqttProtocolVersion V3 = MqttProtocolVersion.V311;
    private const MqttProtocolVersion V5 = MqttProtocolVersion.V500;

    [Fact]
    public void Connect_V311FromMosquittoSub_DecodesAndReencodes()
    {
        const string wire = "101000044d5154540402003c000473756231";
        ConnectPacket p = Decode<ConnectPacket>(wire, V3);
        Assert.Equal(MqttProtocolVersion.V311, p.ProtocolVersion);
        Assert.Equal("sub1", p.ClientId);
        Assert.True(p.CleanSession);
        Assert.Equal(60, p.KeepAliveSeconds);
        Assert.False(p.HasWill);
        Assert.Null(p.UserName);
        Assert.Equal(wire, Encode(p, V3));
    }

    [Fact]
    public void Connect_V311WithWillAndCredentials_DecodesAndReencodes()
    {
        // mosquitto_pub -V mqttv311 -i pub0 -u user -P pass --will-topic wt --will-payload wp --will-qos 1 --will-retain -k 30
        const string wire = "102400044d51545404ee001e0004707562300002777400027770000475736572000470617373";
        ConnectPacket p = Decode<ConnectPacket>(wire, V3);
        Assert.Equal(30, p.KeepAliveSeconds);
        Assert.True(p.HasWill);
        Assert.Equal("wt", p.WillTopic);
        Assert.Equal("wp"u8.ToArray(), p.WillPayload);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, p.WillQoS);
        Assert.True(p.WillRetain);
        Assert.Equal("user", p.UserName);
        Assert.Equal("pass"u8.ToArray(), p.Password);
        Assert.Equal(wire, Encode(p, V3));
    }

    [Fact]
    public void Connect_V5WithSessionExpiryAndReceiveMaximum_DecodesProperties()
    {
        // mosquitto_pub -V mqttv5 -i pc5 -x 3600 -D connect receive-maximum 20 -u u
        const string wire = "101b00044d5154540582003c082100141100000e100003706335000175";
        ConnectPacket p = Decode<ConnectPacket>(wire, V5);
        Assert.Equal(MqttProtocolVersion.V500, p.ProtocolVersion);
        Assert.True(p.CleanSession);
        Assert.Equal(3600u, p.Properties!.SessionExpiryInterval);
        Assert.Equal((ushort)20, p.Properties.ReceiveMaximum);
        Assert.Equal("pc5", p.ClientId);
        Assert.Equal("u", p.UserName);

        // mosquitto writes receive maximum (0x21) before session expiry (0x11); ours goes by identifier. Both are valid.
        string ours = Encode(p, V5);
        Assert.Equal("101b00044d5154540582003c081100000e10210014" + "0003706335000175", ours);
    }

    [Fact]
    public void ConnAck_V311AcceptedAndRefused_Decode()
    {
        ConnAckPacket ok = Decode<ConnAckPacket>("20020000", V3);
        Assert.False(ok.SessionPresent);
        Assert.Equal(0, ok.ReasonCode);
        ConnAckPacket refused = Decode<ConnAckPacket>("20020005", V3);
        Assert.Equal(5, refused.ReasonCode); // not authorized (anonymous refused)
        Assert.Equal("20020005", Encode(refused, V3));
    }

    [Fact]
    public void ConnAck_V5FromMosquitto_DecodesServerLimits()
    {
        ConnAckPacket p = Decode<ConnAckPacket>("200900000622000a210014", V5);
        Assert.Equal((ushort)10, p.Properties!.TopicAliasMaximum);
        Assert.Equal((ushort)20, p.Properties.ReceiveMaximum);
        ConnAckPacket refused = Decode<ConnAckPacket>("2003008700", V5);
        Assert.Equal(0x87, refused.ReasonCode); // Not authorized
        Assert.Null(refused.Properties);
        Assert.Equal("2003008700", Encode(refused, V5));
    }

    [Fact]
    public void Publish_V311Qos2_DecodesAndReencodes()
    {
        const string wire = "340c0003612f62000168656c6c6f";
        PublishPacket p = Decode<PublishPacket>(wire, V3);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, p.QoS);
        Assert.Equal("a/b", p.Topic);
        Assert.Equal(1, p.PacketId);
        Assert.Equal("hello", Encoding.UTF8.GetString(p.Payload.Span));
        Assert.False(p.Retain);
        Assert.False(p.Dup);
        Assert.Equal(wire, Encode(p, V3));
    }

    [Fact]
    public void Publish_V5Qos1RetainedWithUserPropertyAndExpiry_DecodesAndReencodesInPeerOrder()
    {
        // mosquitto_pub -V mqttv5 -q 1 -t a/c -m hi -D publish user-property color red -D publish message-expiry-interval 60 -r
        const string sent = "331c0003612f63000112260005636f6c6f720003726564020000003c6869";
        PublishPacket p = Decode<PublishPacket>(sent, V5);
        Assert.True(p.Retain);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, p.QoS);
        Assert.Equal("a/c", p.Topic);
        Assert.Equal(60u, p.Properties!.MessageExpiryInterval);
        Assert.Equal(new MqttUserProperty("color", "red"), Assert.Single(p.Properties.UserProperties!));
        Assert.Equal("hi", Encoding.UTF8.GetString(p.Payload.Span));

        // The broker forwarded it to the subscriber with retain cleared (a live publish, not a stored one).
        PublishPacket forwarded = Decode<PublishPacket>("321c0003612f63000112260005636f6c6f720003726564020000003c6869", V5);
        Assert.False(forwarded.Retain);

        // Our encoder writes properties in identifier order (0x02 before 0x26); same packet, same length.
        string ours = Encode(p, V5);
        Assert.Equal("331c0003612f630001120200", ours[..24]);
        Assert.Equal(p.Payload.ToArray(), Decode<PublishPacket>(ours, V5).Payload.ToArray());
    }

    [Fact]
    public void Publish_V311Qos0_DecodesAndReencodes()
    {
        PublishPacket p = Decode<PublishPacket>("30040001746d", V3);
        Assert.Equal("t", p.Topic);
        Assert.Equal(0, p.PacketId);
        Assert.Equal("30040001746d", Encode(p, V3));

        // 5.0: an empty property block (one 0x00 byte) sits between topic and payload.
        PublishPacket p5 = Decode<PublishPacket>("3005000174006d", V5);
        Assert.Equal("m", Encoding.UTF8.GetString(p5.Payload.Span));
        Assert.Equal("3005000174006d", Encode(p5, V5));
    }

    [Theory]
    [InlineData("40020001", 4)]
    [InlineData("50020001", 5)]
    [InlineData("62020001", 6)]
    [InlineData("70020001", 7)]
    public void Acks_BothVersions_DecodeAndReencode(string wire, int type)
    {
        foreach (MqttProtocolVersion version in new[] { V3, V5 })
        {
            MqttAckPacket p = Decode<MqttAckPacket>(wire, version);
            Assert.Equal((MqttPacketType)type, p.Type);
            Assert.Equal(1, p.PacketId);
            Assert.Equal(0, p.ReasonCode);
            Assert.Equal(wire, Encode(p, version));
        }
    }

    [Fact]
    public void Subscribe_V311_DecodesAndReencodes()
    {
        const string wire = "820800010003612f6202";
        SubscribePacket p = Decode<SubscribePacket>(wire, V3);
        Assert.Equal(1, p.PacketId);
        MqttSubscription s = Assert.Single(p.Subscriptions);
        Assert.Equal("a/b", s.TopicFilter);
        Assert.Equal(MqttQualityOfService.ExactlyOnce, s.QoS);
        Assert.Equal(wire, Encode(p, V3));
        Assert.Equal(new byte[] { 2 }, Decode<SubAckPacket>("9003000102", V3).ReasonCodes);
    }

    [Fact]
    public void Subscribe_V5WithUserProperty_DecodesAndReencodes()
    {
        const string wire = "82100001072600016b0001760003612f2301";
        SubscribePacket p = Decode<SubscribePacket>(wire, V5);
        Assert.Equal(new MqttUserProperty("k", "v"), Assert.Single(p.Properties!.UserProperties!));
        Assert.Equal("a/#", Assert.Single(p.Subscriptions).TopicFilter);
        Assert.Equal(wire, Encode(p, V5));
        SubAckPacket ack = Decode<SubAckPacket>("900400010001", V5);
        Assert.Equal(new byte[] { 1 }, ack.ReasonCodes);
        Assert.Equal("900400010001", Encode(ack, V5));
    }

    [Fact]
    public void Unsubscribe_BothVersions_DecodeAndReencode()
    {
        UnsubscribePacket p3 = Decode<UnsubscribePacket>("a20700020003782f79", V3);
        Assert.Equal("x/y", Assert.Single(p3.TopicFilters));
        Assert.Equal("a20700020003782f79", Encode(p3, V3));
        Assert.Equal(2, Decode<UnsubAckPacket>("b0020002", V3).PacketId);

        UnsubscribePacket p5 = Decode<UnsubscribePacket>("a2080002000003782f79", V5);
        Assert.Equal("a2080002000003782f79", Encode(p5, V5));
        UnsubAckPacket ack5 = Decode<UnsubAckPacket>("b00400020000", V5);
        Assert.Equal(new byte[] { 0 }, ack5.ReasonCodes);
        Assert.Equal("b00400020000", Encode(ack5, V5));
    }

    [Fact]
    public void PingAndDisconnect_DecodeAndReencode()
    {
        Assert.Same(PingReqPacket.Instance, Decode<PingReqPacket>("c000", V3));
        Assert.Same(PingRespPacket.Instance, Decode<PingRespPacket>("d000", V5));
        Assert.Equal("c000", Encode(PingReqPacket.Instance, V3));
        Assert.Equal("d000", Encode(PingRespPacket.Instance, V3));
        DisconnectPacket d = Decode<DisconnectPacket>("e000", V5);
        Assert.Equal(0, d.ReasonCode);
        Assert.Equal("e000", Encode(d, V5));
        Assert.Equal("e000", Encode(new DisconnectPacket(), V3));
    }
}
