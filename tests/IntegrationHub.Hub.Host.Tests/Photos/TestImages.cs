using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using IntegrationHub.Hub.Host.Labels;

namespace IntegrationHub.Hub.Host.Tests.Photos;

/// <summary>
/// Small pictures made byte by byte for the photo tests: a baseline JPEG of grey 8 x 8 blocks (one component, one DC
/// and one AC Huffman code of length 1, so each block is the two bits "DC difference 0, end of block"), with or
/// without an EXIF segment holding a GPS position; and PNGs with the chunks a test asks for.
/// </summary>
internal static class TestImages
{
    /// <summary>The GPS bytes the EXIF segment carries; after stripping they must be gone.</summary>
    public static readonly byte[] GpsMarker = Encoding.ASCII.GetBytes("GPS-31.2304N-121.4737E-secret-site");

    public static byte[] Jpeg(int width = 16, int height = 16, bool exif = false, bool comment = false, byte[]? trailer = null, int? declaredWidth = null, int? declaredHeight = null)
    {
        var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (exif)
        {
            // APP1 "Exif\0\0", a little-endian TIFF header, and the GPS text where a GPS IFD's values would be.
            Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. "II*\0"u8, 8, 0, 0, 0, .. GpsMarker]);
        }

        if (comment)
        {
            Segment(jpeg, 0xFE, "<html><script>alert('comment')</script></html>"u8.ToArray());
        }

        Segment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);
        var w = declaredWidth ?? width;
        var h = declaredHeight ?? height;
        Segment(jpeg, 0xC0, [8, (byte)(h >> 8), (byte)h, (byte)(w >> 8), (byte)w, 1, 1, 0x11, 0]);
        // DC table 0 and AC table 0: one code of length 1 each, for category 0 and end-of-block.
        Segment(jpeg, 0xC4, [0x00, 1, .. new byte[15], 0x00]);
        Segment(jpeg, 0xC4, [0x10, 1, .. new byte[15], 0x00]);
        Segment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]);
        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        var bits = blocks * 2;
        var bytes = new byte[(bits + 7) / 8];
        // Every block's two bits are 0; the last byte is padded with 1 bits (F.1.2.3).
        if (bits % 8 != 0)
        {
            bytes[^1] = (byte)(0xFF >> (bits % 8));
        }

        jpeg.Write(bytes);
        jpeg.Write([0xFF, 0xD9]);
        if (trailer is not null)
        {
            jpeg.Write(trailer);
        }

        return jpeg.ToArray();
    }

    /// <summary>A greyscale PNG; <paramref name="extra"/> chunks go after IHDR; <paramref name="inflatedRows"/> rows of image data are written (default: the header's).</summary>
    public static byte[] Png(int width = 4, int height = 4, IEnumerable<(string Type, byte[] Data)>? extra = null, int? inflatedRows = null, bool badCrc = false)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        Chunk(png, "IHDR", header, badCrc);
        foreach (var (type, data) in extra ?? [])
        {
            Chunk(png, type, data);
        }

        var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + Math.Min(width, 1 << 20)];
            for (var r = 0; r < (inflatedRows ?? height); r++)
            {
                zlib.Write(row);
            }
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void Chunk(Stream output, string type, byte[] data, bool badCrc = false)
    {
        var chunk = new MemoryStream();
        LabelPngWriter.Chunk(chunk, type, data);
        var bytes = chunk.ToArray();
        if (badCrc)
        {
            bytes[^1] ^= 1;
        }

        output.Write(bytes);
    }

    private static void Segment(Stream output, byte marker, byte[] body)
    {
        output.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        output.Write(body);
    }
}
