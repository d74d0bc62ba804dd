using System.Buffers.Binary;
using System.Globalization;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Transport;

/// <summary>
/// The 8-byte header of every UA-TCP message and secure conversation chunk (Part 6 7.1.2.2):
/// MessageType (3 bytes ASCII), IsFinal (1 byte: 'F' final, 'C' intermediate, 'A' abort), MessageSize (UInt32,
/// the whole chunk including this header).
/// </summary>
internal readonly record struct ChunkHeader(MessageType Type, byte IsFinal, uint MessageSize)
{
    public const int Size = 8;
    public const byte Final = (byte)'F';
    public const byte Intermediate = (byte)'C';
    public const byte Abort = (byte)'A';

    public static ChunkHeader Parse(ReadOnlySpan<byte> header, long offset)
    {
        var type = (MessageType)(header[0] | (header[1] << 8) | (header[2] << 16));
        var isFinal = header[3];
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (!Enum.IsDefined(type))
        {
            throw new OpcUaProtocolException("MessageHeader", offset, "unknown message type '" + Printable(header[..3]) + "'")
            {
                StatusCode = new StatusCode(0x807E0000), // BadTcpMessageTypeInvalid
            };
        }

        if (isFinal is not (Final or Intermediate or Abort))
        {
            throw new OpcUaProtocolException("MessageHeader", offset + 3, string.Create(CultureInfo.InvariantCulture, $"unknown chunk type 0x{isFinal:X2}"));
        }

        if (size < Size)
        {
            throw new OpcUaProtocolException("MessageHeader", offset + 4, string.Create(CultureInfo.InvariantCulture, $"message size {size} is smaller than the header"));
        }

        return new ChunkHeader(type, isFinal, size);
    }

    public void Write(Span<byte> destination)
    {
        var t = (uint)Type;
        destination[0] = (byte)t;
        destination[1] = (byte)(t >> 8);
        destination[2] = (byte)(t >> 16);
        destination[3] = IsFinal;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], MessageSize);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = bytes[i] is >= 0x20 and < 0x7f ? (char)bytes[i] : '?';
        }

        return new string(chars);
    }
}
