using IntegrationHub.Adapters.Mqtt.Packets;
using static IntegrationHub.Adapters.Mqtt.Tests.Codec.CodecTestHelper;

namespace IntegrationHub.Adapters.Mqtt.Tests.Codec;

public sealed class MalformedPacketTests
{
    private const MqttProtocolVersion V3 = MqttProtocolVersion.V311;
    private const MqttProtocolVersion V5 = MqttProtocolVersion.V500;

    [Theory]
    [InlineData("36050001740001", V3, "PUBLISH", "fixed header flags", 0)]        // QoS 3
    [InlineData("38030001746d", V3, "PUBLISH", "fixed header flags", 0)]          // DUP on QoS 0
    [InlineData("3205000174 0000", V3, "PUBLISH", "packet identifier", 5)]        // packet id 0
    [InlineData("3006000261 2b6d6d", V3, "PUBLISH", "topic name", 2)]            // wildcard in topic name
    [InlineData("30050002c0af6d", V3, "PUBLISH", "topic name", 2)]                // overlong UTF-8
    [InlineData("300500026100 6d", V3, "PUBLISH", "topic name", 2)]              // U+0000 in topic
    [InlineData("3004000974 6d", V3, "PUBLISH", "topic name", 2)]                // string longer than packet
    [InlineData("40020000", V3, "PUBACK", "packet identifier", 2)]                // packet id 0
    [InlineData("60020001", V3, "PUBREL", "fixed header flags", 0)]               // PUBREL must have flags 0010
    [InlineData("80060001000161 01", V3, "SUBSCRIBE", "fixed header flags", 0)]  // SUBSCRIBE must have flags 0010
    [InlineData("82060001000161 04", V3, "SUBSCRIBE", "subscription options", 7)] // reserved option bits in 3.1.1
    [InlineData("82060001000161 30", V5, "SUBSCRIBE", "topic filter", 5)]        // 5.0: the bytes after the id are a property block, then a filter too long
    [InlineData("8203000100", V5, "SUBSCRIBE", "payload", 5)]                     // no topic filter
    [InlineData("9003000103", V3, "SUBACK", "return code", 4)]                    // 3.1.1 return code 3 does not exist
    [InlineData("c00100", V3, "PINGREQ", "remaining length", 2)]                  // PINGREQ with a body
    [InlineData("e00100", V3, "DISCONNECT", "remaining length", 2)]               // 3.1.1 DISCONNECT with a body
    [InlineData("20020200", V3, "CONNACK", "acknowledge flags", 2)]               // reserved CONNACK flag
    [InlineData("100c00044d51545403020000 0000", V3, "CONNECT", "protocol level", 8)]
    [InlineData("100c00044d51545a04020000 0000", V3, "CONNECT", "protocol name", 2)]
    [InlineData("100c00044d51545404030000 0000", V3, "CONNECT", "connect flags", 9)]  // reserved flag bit 0
    [InlineData("100c00044d51545404420000 0000", V3, "CONNECT", "connect flags", 9)]  // password without user name (3.1.1)
    [InlineData("100c00044d51545404200000 0000", V3, "CONNECT", "connect flags", 9)]  // will retain without will
    [InlineData("300b00017406230000230001 6d", V5, "PUBLISH", "topic alias", 6)]      // topic alias 0 (first of two)
    [InlineData("300b0001740623000123000261", V5, "PUBLISH", "topic alias", 9)]       // duplicate topic alias
    [InlineData("30070001740211016d", V5, "PUBLISH", "property identifier", 6)]       // session expiry not allowed in PUBLISH
    [InlineData("300700017402ff016d", V5, "PUBLISH", "property identifier", 6)]       // unknown property 0xFF
    [InlineData("30040000006d", V5, "PUBLISH", "topic name", 2)]                    // empty topic without alias
    [InlineData("200600000321000000", V5, "CONNACK", "receive maximum", 5)]           // receive maximum 0 (props len 3)
    [InlineData("4004000101 ff", V5, "PUBACK", "property length", 5)]                 // property length past the end
    [InlineData("00020000", V3, "reserved(0)", "packet type", 0)]
    public void TryDecode_MalformedPacket_ThrowsNamingPacketFieldAndOffset(string hex, MqttProtocolVersion version, string packet, string field, int offset)
    {
        MqttProtocolException ex = DecodeFails(hex, version);
        Assert.Equal(packet, ex.Packet);
        Assert.Equal(field, ex.Field);
        Assert.Equal(offset, ex.Offset);
        Assert.Contains(packet, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30ffffffff01")]  // five-byte remaining length
    [InlineData("308000")]        // non-minimal remaining length
    public void TryDecode_BadRemainingLength_Throws(string hex)
    {
        MqttProtocolException ex = DecodeFails(hex, V3);
        Assert.Equal("remaining length", ex.Field);
    }

    [Fact]
    public void TryDecode_OversizedHeader_ThrowsBeforeTheBodyArrives()
    {
        // Only the 5-byte fixed header of a 200 MB PUBLISH is present: the size alone must be refused.
        var decoder = new Mqtt.Codec.MqttPacketDecoder(V3, maximumPacketSize: 1024);
        var ex = Assert.Throws<MqttProtocolException>(() =>
            decoder.TryDecode(new System.Buffers.ReadOnlySequence<byte>(Hex("3080808060")), out _, out _));
        Assert.Contains("exceeds the maximum packet size of 1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_PacketExactlyAtMaximum_IsAccepted()
    {
        var decoder = new Mqtt.Codec.MqttPacketDecoder(V3, maximumPacketSize: 6);
        Assert.True(decoder.TryDecode(new System.Buffers.ReadOnlySequence<byte>(Hex("30040001746d")), out MqttPacket? p, out _));
        Assert.IsType<PublishPacket>(p);
        decoder.MaximumPacketSize = 5;
        Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(new System.Buffers.ReadOnlySequence<byte>(Hex("30040001746d")), out _, out _));
    }
}
