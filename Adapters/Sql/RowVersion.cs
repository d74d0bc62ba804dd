using System.Buffers.Binary;
using System.Globalization;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// SQL Server's <c>rowversion</c> as a watermark. The poller keeps every watermark as one comparable
/// <see cref="long"/>; a rowversion is an unsigned 64-bit number, so it is kept with its top bit flipped, which maps
/// 0 to <see cref="long.MinValue"/> and 0xFFFFFFFFFFFFFFFF to <see cref="long.MaxValue"/> and keeps the order: what
/// is greater as a rowversion is greater as the long, and the overlap is subtracted in versions.
/// </summary>
internal static class RowVersion
{
    public const int Length = 8;

    private const ulong TopBit = 0x8000_0000_0000_0000;

    /// <summary>The watermark of a rowversion's 8 bytes, most significant first (as SQL Server sends them).</summary>
    public static long FromBytes(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length != Length)
        {
            throw new FormatException(
                $"{what} holds {bytes.Length} bytes ({Hex(bytes)}), which is not a RowVersion watermark: a rowversion has {Length}. Use WatermarkKind RowVersion only for a rowversion (timestamp) or binary(8) column.");
        }

        return FromNumber(BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>The 8 bytes bound to <c>@watermark</c>, most significant first, so that the server compares them as it compares rowversions.</summary>
    public static byte[] ToBytes(long watermark)
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ToNumber(watermark));
        return bytes;
    }

    /// <summary>As SQL Server shows a rowversion: <c>0x</c> and 16 hexadecimal digits.</summary>
    public static string Format(long watermark) => "0x" + ToNumber(watermark).ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads <c>0x</c> and 1 to 16 hexadecimal digits. Nothing else is taken: a whole number or a time is what another
    /// kind stored, and reading it as a rowversion would move the watermark somewhere nobody chose.
    /// </summary>
    public static bool TryParse(string text, out long watermark)
    {
        watermark = 0;
        var digits = text.AsSpan().Trim();
        if (digits.Length is < 3 or > 18 || digits[0] != '0' || (digits[1] != 'x' && digits[1] != 'X'))
        {
            return false;
        }

        if (!ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        watermark = FromNumber(number);
        return true;
    }

    /// <summary>The rowversion as an unsigned number (what <c>CAST(rv AS bigint)</c> shows while it is below 2^63).</summary>
    public static ulong ToNumber(long watermark) => unchecked((ulong)watermark ^ TopBit);

    private static long FromNumber(ulong number) => unchecked((long)(number ^ TopBit));

    // At most 16 bytes are shown: a hostile column may hold megabytes.
    private static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.Length <= 16 ? "0x" + Convert.ToHexString(bytes) : "0x" + Convert.ToHexString(bytes[..16]) + "...";
}
