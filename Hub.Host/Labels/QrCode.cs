namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// A QR code (ISO/IEC 18004:2015) of some bytes, in byte mode at error correction level M, the smallest version (1 to
/// 10) that holds them, with the mask of the lowest penalty (7.8.3). <see cref="IsDark"/> reads its modules.
/// </summary>
internal sealed partial class QrCode
{
    private readonly bool[,] _dark;
    private readonly bool[,] _function;

    private QrCode(QrVersion version)
    {
        Version = version;
        _dark = new bool[version.Size, version.Size];
        _function = new bool[version.Size, version.Size];
    }

    public QrVersion Version { get; }

    /// <summary>Modules per side (without the quiet zone of 4 modules a printer must leave around it).</summary>
    public int Size => Version.Size;

    /// <summary>The mask chosen (0 to 7).</summary>
    public int Mask { get; private set; }

    public bool IsDark(int row, int column) => _dark[row, column];

    /// <summary>Encodes <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">More than 213 bytes (version 10 at level M).</exception>
    public static QrCode Encode(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var version = QrVersion.LevelM.FirstOrDefault(v => v.ByteCapacity >= length)
            ?? throw new ArgumentException($"{data.Length} bytes do not fit in a QR code of version 10 at level M (at most {QrVersion.LevelM[^1].ByteCapacity}).", nameof(data));
        var code = new QrCode(version);
        code.DrawFunctionPatterns();
        code.PlaceData(Interleave(version, Codewords(version, data)));
        code.ChooseMask();
        return code;
    }

    // 7.4: mode indicator 0100 (byte), the count, the bytes, a terminator of up to four 0s, 0s to a byte boundary, then
    // the pad codewords 11101100 and 00010001 in turn up to the version's data capacity.
    private static byte[] Codewords(QrVersion version, ReadOnlySpan<byte> data)
    {
        var bits = new List<bool>(version.DataCodewords * 8);
        Append(bits, 0b0100, 4);
        Append(bits, data.Length, version.CountBits);
        foreach (var b in data)
        {
            Append(bits, b, 8);
        }

        var capacity = version.DataCodewords * 8;
        Append(bits, 0, Math.Min(4, capacity - bits.Count));
        Append(bits, 0, (8 - (bits.Count % 8)) % 8);
        var codewords = new byte[version.DataCodewords];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                codewords[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        for (int i = bits.Count / 8, pad = 0; i < codewords.Length; i++, pad++)
        {
            codewords[i] = pad % 2 == 0 ? (byte)0xEC : (byte)0x11;
        }

        return codewords;
    }

    // 7.6: the data split into blocks (short ones first), each followed by its error correction; then the blocks'
    // data codewords column by column, and their error correction codewords column by column.
    private static byte[] Interleave(QrVersion version, byte[] data)
    {
        var generator = QrReedSolomon.Generator(version.EccPerBlock);
        var blocks = new List<(byte[] Data, byte[] Ecc)>();
        var offset = 0;
        for (var b = 0; b < version.ShortBlocks + version.LongBlocks; b++)
        {
            var length = version.ShortBlockData + (b < version.ShortBlocks ? 0 : 1);
            var block = data.AsSpan(offset, length).ToArray();
            offset += length;
            blocks.Add((block, QrReedSolomon.Remainder(block, generator)));
        }

        var result = new List<byte>(data.Length + (blocks.Count * version.EccPerBlock));
        for (var i = 0; i <= version.ShortBlockData; i++)
        {
            result.AddRange(blocks.Where(b => i < b.Data.Length).Select(b => b.Data[i]));
        }

        for (var i = 0; i < version.EccPerBlock; i++)
        {
            result.AddRange(blocks.Select(b => b.Ecc[i]));
        }

        return [.. result];
    }

    private static void Append(List<bool> bits, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            bits.Add(((value >> i) & 1) != 0);
        }
    }
}
