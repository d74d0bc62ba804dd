using System.Buffers;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>
/// Reading past a PUBLISH above <see cref="MaximumPacketSize"/> (issue 16 item 12). MQTT 3.1.1 gives the client no way
/// to announce a maximum, so the broker sends such a message anyway, and resends it first after every reconnect if
/// it stays unacknowledged: closing the connection on it blocks the session for good. Instead the topic and packet id
/// are read from the variable header, the rest of the packet is discarded as it arrives (never buffered whole), and
/// the packet is returned as a <see cref="PublishPacket"/> with <see cref="PublishPacket.OversizedSize"/> set and no
/// payload, so that the application can record it and the client acknowledge it.
/// </summary>
internal sealed partial class MqttPacketDecoder
{
    // Bytes of the current oversized PUBLISH still to discard, and the packet to return once they are.
    private long _skipRemaining;
    private PublishPacket? _skipped;

    /// <summary>
    /// Gets or sets whether a PUBLISH above the maximum packet size is read past and returned without its payload
    /// instead of failing the connection. Right for MQTT 3.1.1; under 5.0 the broker must respect the maximum the
    /// client announced, and a bigger packet is a protocol error answered with DISCONNECT 0x95 [MQTT-3.1.2-25].
    /// </summary>
    public bool SkipOversizedPublish { get; set; }

    /// <summary>Gets whether the decoder is in the middle of discarding an oversized PUBLISH.</summary>
    public bool IsSkipping => _skipRemaining > 0;

    private bool TryStartSkipping(in ReadOnlySequence<byte> buffer, byte first, int headerLength, long total, out MqttPacket? packet, out SequencePosition consumed)
    {
        packet = null;
        consumed = buffer.Start;

        // Section 3.3.2: topic name (2-byte length + UTF-8), then the packet id for QoS 1 and 2.
        if (buffer.Length < headerLength + 2)
        {
            return false;
        }

        Span<byte> lengthBytes = stackalloc byte[2];
        buffer.Slice(headerLength, 2).CopyTo(lengthBytes);
        int topicLength = (lengthBytes[0] << 8) | lengthBytes[1];
        int qos = (first >> 1) & 0x03;
        int variableHeader = 2 + topicLength + (qos > 0 ? 2 : 0);
        if (headerLength + variableHeader > total)
        {
            throw new MqttProtocolException("PUBLISH", "topic name", headerLength, "the topic name runs past the end of the packet");
        }

        if (buffer.Length < headerLength + variableHeader)
        {
            return false; // at most 64 KiB + 4 bytes: the pipe holds that much before it pushes back
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(variableHeader);
        try
        {
            buffer.Slice(headerLength, variableHeader).CopyTo(rented);
            var reader = new MqttSpanReader(rented.AsSpan(0, variableHeader), "PUBLISH", headerLength);
            if (qos == 3)
            {
                throw reader.ErrorAt("fixed header flags", 0, "QoS 3 is not allowed [MQTT-3.3.1-4]");
            }

            var skipped = new PublishPacket
            {
                Dup = (first & 0x08) != 0,
                QoS = (MqttQualityOfService)qos,
                Retain = (first & 0x01) != 0,
                Topic = reader.ReadString("topic name"),
                OversizedSize = total,
            };
            if (qos > 0)
            {
                int idOffset = reader.Offset;
                skipped.PacketId = reader.ReadUInt16("packet identifier");
                if (skipped.PacketId == 0)
                {
                    throw reader.ErrorAt("packet identifier", idOffset, "packet identifier 0 is not allowed [MQTT-2.2.1-3]");
                }
            }

            _skipped = skipped;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        _skipRemaining = total;
        return ContinueSkipping(buffer, out packet, out consumed);
    }

    private bool ContinueSkipping(in ReadOnlySequence<byte> buffer, out MqttPacket? packet, out SequencePosition consumed)
    {
        long take = Math.Min(buffer.Length, _skipRemaining);
        _skipRemaining -= take;
        consumed = buffer.GetPosition(take);
        if (_skipRemaining > 0)
        {
            packet = null;
            return false;
        }

        packet = _skipped;
        _skipped = null;
        return true;
    }
}
