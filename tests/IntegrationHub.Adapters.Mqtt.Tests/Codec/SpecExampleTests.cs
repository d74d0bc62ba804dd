using System.Buffers;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;
using static IntegrationHub.Adapters.Mqtt.Tests.Codec.CodecTestHelper;

namespace IntegrationHub.Adapters.Mqtt.Tests.Codec;

/// <summary>Byte examples printed in the OASIS MQTT 3.1.1 and 5.0 specifications.</summary>
public sealed class SpecExampleTests
{
    // MQTT 5.0 section 1.5.5 table 1-1 / 3.1.1 table 2.4: size of the variable byte integer.
    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7f")]
    [InlineData(128u, "8001")]
    [InlineData(16_383u, "ff7f")]
    [InlineData(16_384u, "808001")]
    [InlineData(2_097_151u, "ffff7f")]
    [InlineData(2_097_152u, "80808001")]
    [InlineData(268_435_455u, "ffffff7f")]
    public void VariableByteInteger_SpecTable_EncodesAndDecodes(uint value, string hex)
    {
        using var writer = new MqttBufferWriter(8);
        writer.WriteVariableByteInteger(value);
        Assert.Equal(hex, ToHex(writer.WrittenSpan));
        Assert.Equal(hex.Length / 2, MqttVariableByteInteger.Size(value));
        var reader = new MqttSpanReader(Hex(hex), "TEST", 0);
        Assert.Equal(value, reader.ReadVariableByteInteger("value"));
    }

    // MQTT 5.0 section 1.5.4 figure 1-2 (and 3.1.1 figure 1.3): "A" followed by U+2A6D4.
    [Fact]
    public void String_SpecExampleWithSupplementaryCharacter_EncodesAndDecodes()
    {
        const string value = "A\U0002A6D4";
        using var writer = new MqttBufferWriter(8);
        writer.WriteString(value);
        Assert.Equal("000541f0aa9b94", ToHex(writer.WrittenSpan));
        var reader = new MqttSpanReader(Hex("000541f0aa9b94"), "TEST", 0);
        Assert.Equal(value, reader.ReadString("value"));
    }

    // MQTT 5.0 section 3.1.2.12 "Variable Header non-normative example": 00 04 M Q T T 05 CE 00 0A 05 11 00 00 00 0A.
    [Fact]
    public void Connect_V5SpecVariableHeaderExample_Decodes()
    {
        const string variableHeader = "00044d51545405ce000a05110000000a";
        const string payload = "0002696400" + "00017400017700027573" + "00027077"; // id "id", will props none, will "t"/"w", user "us", password "pw"
        string body = variableHeader + payload;
        string wire = "10" + (body.Length / 2).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + body;
        ConnectPacket p = Decode<ConnectPacket>(wire, MqttProtocolVersion.V500);
        Assert.Equal(10, p.KeepAliveSeconds);
        Assert.Equal(10u, p.Properties!.SessionExpiryInterval);
        Assert.True(p.CleanSession);
        Assert.True(p.HasWill);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, p.WillQoS);
        Assert.False(p.WillRetain);
        Assert.Equal("id", p.ClientId);
        Assert.Equal("t", p.WillTopic);
        Assert.Equal("us", p.UserName);
        Assert.Equal(wire, Encode(p, MqttProtocolVersion.V500));
    }

    // MQTT 3.1.1 section 3.1.2.10 figure 3.6: 00 04 M Q T T 04 CE 00 0A.
    [Fact]
    public void Connect_V311SpecVariableHeaderExample_Decodes()
    {
        const string body = "00044d51545404ce000a" + "00026964" + "000174000177" + "00027573" + "00027077";
        string wire = "10" + (body.Length / 2).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + body;
        ConnectPacket p = Decode<ConnectPacket>(wire, MqttProtocolVersion.V311);
        Assert.Equal(MqttProtocolVersion.V311, p.ProtocolVersion);
        Assert.Equal(10, p.KeepAliveSeconds);
        Assert.Equal("pw"u8.ToArray(), p.Password);
        Assert.Equal(wire, Encode(p, MqttProtocolVersion.V311));
    }

    // MQTT 3.1.1 section 3.3.2.3 figure 3.11: topic "a/b", packet identifier 10.
    [Fact]
    public void Publish_V311SpecVariableHeaderExample_Decodes()
    {
        PublishPacket p = Decode<PublishPacket>("3207" + "0003612f62000a", MqttProtocolVersion.V311);
        Assert.Equal("a/b", p.Topic);
        Assert.Equal(10, p.PacketId);
        Assert.True(p.Payload.IsEmpty);
    }

    // MQTT 5.0 section 3.14.2.1: a DISCONNECT with only a reason code (0x8E Session taken over) and section 3.15 AUTH.
    [Fact]
    public void DisconnectAndAuth_V5ReasonCodes_DecodeAndReencode()
    {
        DisconnectPacket d = Decode<DisconnectPacket>("e0018e", MqttProtocolVersion.V500);
        Assert.Equal(0x8E, d.ReasonCode);
        Assert.Equal("e0018e", Encode(d, MqttProtocolVersion.V500));
        DisconnectPacket withReason = Decode<DisconnectPacket>("e0069a041f000161", MqttProtocolVersion.V500);
        Assert.Equal(0x9A, withReason.ReasonCode);
        Assert.Equal("a", withReason.Properties!.ReasonString);
        AuthPacket auth = Decode<AuthPacket>("f00c180a1500074d455448494431", MqttProtocolVersion.V500);
        Assert.Equal(0x18, auth.ReasonCode);
        Assert.Equal("METHID1", auth.Properties!.AuthenticationMethod);
    }

    [Fact]
    public void Auth_InV311_IsRejected()
    {
        MqttProtocolException ex = DecodeFails("f000", MqttProtocolVersion.V311);
        Assert.Contains("AUTH", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_LargePayload_UsesFourByteRemainingLength()
    {
        var p = new PublishPacket { Topic = "t", Payload = new byte[2_100_000] };
        using var writer = new MqttBufferWriter(16);
        int size = MqttPacketEncoder.Encode(writer, p, MqttProtocolVersion.V311);
        Assert.Equal(1 + 4 + 3 + 2_100_000, size);
        var decoder = new MqttPacketDecoder(MqttProtocolVersion.V311);
        Assert.True(decoder.TryDecode(new ReadOnlySequence<byte>(writer.WrittenMemory), out MqttPacket? back, out _));
        Assert.Equal(2_100_000, Assert.IsType<PublishPacket>(back).Payload.Length);
    }
}
