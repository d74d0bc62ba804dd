namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// What a QR code version holds at error correction level M (ISO/IEC 18004:2015, tables 1, 9 and annex E): its
/// blocks, its error correction codewords per block and its alignment pattern centres. Versions 1 to 10 take up to 213
/// bytes, more than a machine page's link needs.
/// </summary>
internal sealed record QrVersion(int Number, int EccPerBlock, int ShortBlocks, int ShortBlockData, int LongBlocks, int[] Alignment)
{
    public static IReadOnlyList<QrVersion> LevelM { get; } =
    [
        new(1, 10, 1, 16, 0, []),
        new(2, 16, 1, 28, 0, [6, 18]),
        new(3, 26, 1, 44, 0, [6, 22]),
        new(4, 18, 2, 32, 0, [6, 26]),
        new(5, 24, 2, 43, 0, [6, 30]),
        new(6, 16, 4, 27, 0, [6, 34]),
        new(7, 18, 4, 31, 0, [6, 22, 38]),
        new(8, 22, 2, 38, 2, [6, 24, 42]),
        new(9, 22, 3, 36, 2, [6, 26, 46]),
        new(10, 26, 4, 43, 1, [6, 28, 50]),
    ];

    /// <summary>Modules per side.</summary>
    public int Size => 17 + (4 * Number);

    /// <summary>Data codewords in all blocks; a long block holds one more than a short one.</summary>
    public int DataCodewords => (ShortBlocks * ShortBlockData) + (LongBlocks * (ShortBlockData + 1));

    /// <summary>Bits of the byte mode's character count: 8 up to version 9, 16 from 10 (table 3).</summary>
    public int CountBits => Number < 10 ? 8 : 16;

    /// <summary>Bytes of data it holds in byte mode: 4 bits of mode, the count, then 8 bits a byte.</summary>
    public int ByteCapacity => ((DataCodewords * 8) - 4 - CountBits) / 8;

    /// <summary>Bits left over after the last codeword (table 1): 7 for versions 2 to 6.</summary>
    public int RemainderBits => Number is >= 2 and <= 6 ? 7 : 0;
}
