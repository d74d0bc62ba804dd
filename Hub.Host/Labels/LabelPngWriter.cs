using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// Writes the label sheet as one greyscale PNG at 150 dots per inch, A4 wide, as many rows of labels as needed (PNG
/// specification: signature, IHDR, one zlib-compressed IDAT of filter-0 rows, IEND, each chunk with its CRC-32). The
/// text is drawn in <see cref="LabelFont"/>.
/// </summary>
internal static class LabelPngWriter
{
    private const double PixelsPerMm = 150 / 25.4;
    private const int FontScale = 4;

    public static byte[] Write(IReadOnlyList<(MachineLabel Label, QrCode Code)> labels)
    {
        var rows = Math.Max(1, (labels.Count + LabelSheet.Columns - 1) / LabelSheet.Columns);
        var width = Px(LabelSheet.PageWidth);
        var height = Px((2 * LabelSheet.TopMargin) + (rows * LabelSheet.CellHeight));
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)0xFF);
        for (var i = 0; i < labels.Count; i++)
        {
            var x = i % LabelSheet.Columns * LabelSheet.CellWidth;
            var y = LabelSheet.TopMargin + (i / LabelSheet.Columns * LabelSheet.CellHeight);
            Draw(pixels, width, labels[i].Label, labels[i].Code, Px(x), Px(y));
        }

        return Encode(pixels, width, height);
    }

    private static void Draw(byte[] pixels, int width, MachineLabel label, QrCode code, int x, int y)
    {
        // Whole pixels per module, so every module is the same size and the code scans cleanly.
        var module = Px(LabelSheet.QrSide) / (code.Size + 8);
        var left = x + ((Px(LabelSheet.CellWidth) - (module * (code.Size + 8))) / 2) + (4 * module);
        var top = y + Px(4) + (4 * module);
        for (var row = 0; row < code.Size; row++)
        {
            for (var column = 0; column < code.Size; column++)
            {
                if (code.IsDark(row, column))
                {
                    Fill(pixels, width, left + (column * module), top + (row * module), module, module);
                }
            }
        }

        var lines = LabelSheet.Lines(label);
        for (var i = 0; i < lines.Count; i++)
        {
            var baseline = y + Px(4 + LabelSheet.QrSide + 2) + (i * (LabelFont.Height + 3) * FontScale);
            var text = lines[i].Length > 20 ? lines[i][..20] : lines[i];
            for (var c = 0; c < text.Length; c++)
            {
                for (var gy = 0; gy < LabelFont.Height; gy++)
                {
                    for (var gx = 0; gx < LabelFont.Width; gx++)
                    {
                        if (LabelFont.IsDark(text[c], gy, gx))
                        {
                            Fill(pixels, width, x + Px(8) + (((c * (LabelFont.Width + 1)) + gx) * FontScale), baseline + (gy * FontScale), FontScale, FontScale);
                        }
                    }
                }
            }
        }
    }

    private static void Fill(byte[] pixels, int width, int x, int y, int w, int h)
    {
        var height = pixels.Length / width;
        for (var row = Math.Max(0, y); row < Math.Min(height, y + h); row++)
        {
            pixels.AsSpan((row * width) + Math.Max(0, x), Math.Max(0, Math.Min(width, x + w) - Math.Max(0, x))).Clear();
        }
    }

    private static byte[] Encode(byte[] pixels, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        // Bit depth 8, colour type 0 (greyscale), compression 0, filter 0, no interlace.
        header[8] = 8;
        Chunk(output, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var row = 0; row < height; row++)
                {
                    // Each row starts with its filter type: 0, none.
                    zlib.WriteByte(0);
                    zlib.Write(pixels, row * width, width);
                }
            }

            Chunk(output, "IDAT", raw.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Writes one PNG chunk: length, type, data and the CRC-32 of type and data.</summary>
    internal static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        var name = Encoding.ASCII.GetBytes(type);
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        output.Write(number);
        output.Write(name);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.Compute(name, data));
        output.Write(number);
    }

    private static int Px(double mm) => (int)Math.Round(mm * PixelsPerMm);
}
