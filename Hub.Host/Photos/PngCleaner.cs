using System.Buffers.Binary;
using System.IO.Compression;

namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// Reads a PNG's chunks (PNG specification, third edition, section 5), checks each chunk's CRC and the header's size
/// against the pixel limit, inflates the image data only to count it (a small file whose rows inflate past what the
/// header declares is a decompression bomb), and writes it again with only the chunks that decoding and colour need:
/// text (tEXt, zTXt, iTXt), EXIF (eXIf), time (tIME), ICC profiles and unknown ancillary chunks go, as does anything
/// after IEND.
/// </summary>
internal static class PngCleaner
{
    private static readonly byte[] s_signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // Critical chunks, then the ancillary ones that change how pixels look (transparency, gamma, chromaticities, sRGB
    // intent, significant bits, background, pixel aspect): no text or personal data can ride in them.
    private static readonly HashSet<string> s_kept = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs"];

    public static bool LooksLikePng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(s_signature);

    public static CleanedImage Clean(ReadOnlySpan<byte> input, long maxPixels, string name)
    {
        var output = new MemoryStream(input.Length);
        output.Write(s_signature);
        var position = s_signature.Length;
        PngHeader? header = null;
        var data = new MemoryStream();
        var ended = false;
        while (!ended)
        {
            // 5.3: length (4, big-endian, at most 2^31-1), type (4 ASCII letters), data, CRC over type and data (4).
            if (position + 12 > input.Length)
            {
                throw Malformed(name, $"the file ends at byte {input.Length} before its IEND chunk");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(input[position..]);
            if (length > int.MaxValue || position + 12 + (long)length > input.Length)
            {
                throw Malformed(name, $"the chunk at byte {position} declares {length} bytes of data; the file has {input.Length - position - 12} left");
            }

            var type = input.Slice(position + 4, 4);
            var body = input.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(input[(position + 8 + (int)length)..]);
            var chunk = input.Slice(position, 12 + (int)length);
            position += chunk.Length;
            var typeName = ChunkType(type, name);
            if (Crc32.Compute(type, body) != crc)
            {
                throw Malformed(name, $"the CRC of its {typeName} chunk does not match its content");
            }

            if (header is null && typeName != "IHDR")
            {
                throw Malformed(name, $"its first chunk is {typeName}; IHDR must come first");
            }

            switch (typeName)
            {
                case "IHDR":
                    if (header is not null)
                    {
                        throw Malformed(name, "it has a second IHDR chunk");
                    }

                    header = PngHeader.Read(body, maxPixels, name);
                    break;
                case "IDAT":
                    data.Write(body);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    // 5.4: a lower-case first letter marks an ancillary chunk a decoder may skip; an unknown critical one
                    // means the picture cannot be shown without it.
                    if (char.IsAsciiLetterUpper(typeName[0]) && !s_kept.Contains(typeName))
                    {
                        throw Malformed(name, $"it has a critical chunk {typeName} that PNG does not define");
                    }

                    break;
            }

            if (s_kept.Contains(typeName))
            {
                output.Write(chunk);
            }
        }

        if (data.Length == 0)
        {
            throw Malformed(name, "it has no image data (IDAT)");
        }

        CheckInflatedSize(data, header!, name);
        return new CleanedImage(PhotoFormat.Png, header!.Width, header.Height, output.ToArray());
    }

    private static void CheckInflatedSize(MemoryStream data, PngHeader header, string name)
    {
        var expected = header.RawSize();
        data.Position = 0;
        long inflated = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            using var zlib = new ZLibStream(data, CompressionMode.Decompress);
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                inflated += read;
                if (inflated > expected)
                {
                    throw new PhotoRejectedException(PhotoProblem.TooManyPixels,
                        $"Photo '{name}' holds more image data than its {header.Width} x {header.Height} header declares (more than {expected} bytes once inflated).");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw Malformed(name, $"its image data does not inflate ({e.Message})");
        }

        if (inflated < expected)
        {
            throw Malformed(name, $"its image data inflates to {inflated} bytes; {header.Width} x {header.Height} pixels need {expected}");
        }
    }

    private static string ChunkType(ReadOnlySpan<byte> type, string name)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                throw Malformed(name, "a chunk type holds a byte that is not an ASCII letter");
            }
        }

        return string.Create(4, type.ToArray(), static (chars, bytes) =>
        {
            for (var i = 0; i < 4; i++)
            {
                chars[i] = (char)bytes[i];
            }
        });
    }

    internal static PhotoRejectedException Malformed(string name, string what) =>
        new(PhotoProblem.Malformed, $"Photo '{name}' is not a valid PNG: {what}.");
}
