using System.Buffers;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;
using static IntegrationHub.Adapters.Mqtt.Tests.Codec.CodecTestHelper;

namespace IntegrationHub.Adapters.Mqtt.Tests.Codec;

public sealed class IncrementalDecodingTests
{
    private const string Stream = "20020000" + "340c0003612f62000168656c6c6f" + "62020001" + "d000" + "9003000102";

    [Fact]
    public void TryDecode_EveryPrefixOfAPacket_ReturnsFalseAndConsumesNothing()
    {
        byte[] publish = Hex("340c0003612f62000168656c6c6f");
        var decoder = new MqttPacketDecoder(MqttProtocolVersion.V311);
        for (int i = 0; i < publish.Length; i++)
        {
            var partial = new ReadOnlySequence<byte>(publish, 0, i);
            Assert.False(decoder.TryDecode(partial, out MqttPacket? packet, out SequencePosition consumed));
            Assert.Null(packet);
            Assert.Equal(partial.Start, consumed);
        }
    }

    [Fact]
    public void TryDecode_StreamSplitIntoOneByteSegments_DecodesEveryPacketInOrder()
    {
        byte[] bytes = Hex(Stream);
        ReadOnlySequence<byte> sequence = Segments.Split(bytes, 1);
        var decoder = new MqttPacketDecoder(MqttProtocolVersion.V311);
        var types = new List<MqttPacketType>();
        while (decoder.TryDecode(sequence, out MqttPacket? packet, out SequencePosition consumed))
        {
            types.Add(packet!.Type);
            sequence = sequence.Slice(consumed);
        }

        Assert.Equal([MqttPacketType.ConnAck, MqttPacketType.Publish, MqttPacketType.PubRel, MqttPacketType.PingResp, MqttPacketType.SubAck], types);
        Assert.True(sequence.IsEmpty);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void TryDecode_MultiSegmentPublish_PayloadIsIntact(int segmentSize)
    {
        var decoder = new MqttPacketDecoder(MqttProtocolVersion.V311);
        Assert.True(decoder.TryDecode(Segments.Split(Hex("340c0003612f62000168656c6c6f"), segmentSize), out MqttPacket? packet, out _));
        Assert.Equal("hello"u8.ToArray(), Assert.IsType<PublishPacket>(packet).Payload.ToArray());
    }
}
