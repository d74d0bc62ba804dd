using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>
/// A growable byte buffer (pooled) that packets are encoded into, several per flush. Length-prefixed regions (the
/// remaining length, a property block) are written by reserving the 4-byte maximum, writing the content, then
/// closing the gap once the length is known, so nothing is measured twice.
/// </summary>
internal sealed class MqttBufferWriter : IDisposable
{
    private const int MaxVariableByteIntegerLength = 4;
    private byte[] _buffer;
    private int _length;

    public MqttBufferWriter(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteVariableByteInteger(uint value)
    {
        if (value > MqttVariableByteInteger.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A variable byte integer holds at most 268,435,455.");
        }

        Ensure(MaxVariableByteIntegerLength);
        _length += MqttVariableByteInteger.Write(_buffer.AsSpan(_length), value);
    }

    public void WriteString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ushort.MaxValue)
        {
            throw new ArgumentException("An MQTT UTF-8 string is at most 65,535 bytes long.", nameof(value));
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An MQTT UTF-8 string must not contain U+0000.", nameof(value));
        }

        Ensure(2 + byteCount);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), (ushort)byteCount);
        _length += 2;
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("MQTT binary data is at most 65,535 bytes long.", nameof(value));
        }

        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Reserves room for a variable byte integer length and returns the mark to pass to <see cref="EndLengthPrefixed"/>.</summary>
    public int BeginLengthPrefixed()
    {
        Ensure(MaxVariableByteIntegerLength);
        _length += MaxVariableByteIntegerLength;
        return _length;
    }

    /// <summary>Writes the length of everything since <paramref name="mark"/> in front of it and closes the reserved gap.</summary>
    public int EndLengthPrefixed(int mark)
    {
        int contentLength = _length - mark;
        int reservedStart = mark - MaxVariableByteIntegerLength;
        Span<byte> prefix = stackalloc byte[MaxVariableByteIntegerLength];
        int prefixLength = MqttVariableByteInteger.Write(prefix, (uint)contentLength);
        int gap = MaxVariableByteIntegerLength - prefixLength;
        if (gap > 0)
        {
            // Span.CopyTo is defined for overlapping source and destination.
            _buffer.AsSpan(mark, contentLength).CopyTo(_buffer.AsSpan(mark - gap));
        }

        prefix[..prefixLength].CopyTo(_buffer.AsSpan(reservedStart));
        _length -= gap;
        return contentLength;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
