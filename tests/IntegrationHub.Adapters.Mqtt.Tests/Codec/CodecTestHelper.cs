using System.Buffers;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Tests.Codec;

internal static class CodecTestHelper
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static T Decode<T>(string hex, MqttProtocolVersion version)
        where T : MqttPacket
    {
        byte[] bytes = Hex(hex);
        var decoder = new MqttPacketDecoder(version);
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(decoder.TryDecode(sequence, out MqttPacket? packet, out SequencePosition consumed));
        Assert.Equal(bytes.Length, sequence.Slice(0, consumed).Length);
        return Assert.IsAssignableFrom<T>(packet);
    }

    public static string Encode(MqttPacket packet, MqttProtocolVersion version)
    {
        using var writer = new MqttBufferWriter(16);
        MqttPacketEncoder.Encode(writer, packet, version);
        return ToHex(writer.WrittenSpan);
    }

    public static MqttProtocolException DecodeFails(string hex, MqttProtocolVersion version)
    {
        var decoder = new MqttPacketDecoder(version);
        return Assert.Throws<MqttProtocolException>(() => decoder.TryDecode(new ReadOnlySequence<byte>(Hex(hex)), out _, out _));
    }
}
