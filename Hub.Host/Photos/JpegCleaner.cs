using System.Buffers.Binary;

namespace IntegrationHub.Hub.Host.Photos;

/// <summary>
/// Reads a JPEG's marker segments (ITU-T T.81 annex B), checks its frame size against the pixel limit before anything
/// decodes it, and writes it again without metadata: every APPn segment but JFIF (APP0) and Adobe (APP14, whose colour
/// transform flag decoding needs) goes, as does every comment (COM) and whatever follows the end-of-image marker (where
/// a polyglot hides its HTML or ZIP). EXIF (APP1, with GPS position and camera serial), XMP and ICC go with APPn.
/// </summary>
internal static class JpegCleaner
{
    // B.1.1.3: every marker is 0xFF then a code; these stand alone, without a length.
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Tem = 0x01, Com = 0xFE, App0 = 0xE0, App14 = 0xEE;

    public static bool LooksLikeJpeg(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == Soi && bytes[2] == 0xFF;

    public static CleanedImage Clean(ReadOnlySpan<byte> input, long maxPixels, string name)
    {
        var output = new MemoryStream(input.Length);
        output.Write([0xFF, Soi]);
        var position = 2;
        var width = 0;
        var height = 0;
        while (true)
        {
            if (position >= input.Length || input[position] != 0xFF)
            {
                throw Malformed(name, $"a marker (0xFF) was expected at byte {position}, and the file ends or holds something else there");
            }

            // B.1.1.2: any number of 0xFF fill bytes may come before a marker's code.
            while (position < input.Length && input[position] == 0xFF)
            {
                position++;
            }

            if (position >= input.Length)
            {
                throw Malformed(name, "the file ends inside a marker");
            }

            var marker = input[position++];
            if (marker == Eoi)
            {
                output.Write([0xFF, Eoi]);
                break;
            }

            if (marker is Tem or (>= 0xD0 and <= 0xD7))
            {
                output.Write([0xFF, marker]);
                continue;
            }

            if (position + 2 > input.Length)
            {
                throw Malformed(name, $"the segment of marker 0x{marker:X2} has no length");
            }

            // B.1.1.4: the length counts its own two bytes and the parameters, not the marker.
            var length = BinaryPrimitives.ReadUInt16BigEndian(input[position..]);
            if (length < 2 || position + length > input.Length)
            {
                throw Malformed(name, $"the segment of marker 0x{marker:X2} at byte {position - 2} declares {length} bytes; the file has {input.Length - position} left");
            }

            var segment = input.Slice(position, length);
            position += length;
            if (IsFrameHeader(marker))
            {
                (width, height) = FrameSize(segment, width, maxPixels, name);
            }

            if (Keeps(marker, segment))
            {
                output.Write([0xFF, marker]);
                output.Write(segment);
            }

            if (marker == Sos)
            {
                if (width == 0)
                {
                    throw Malformed(name, "a scan starts before the frame header that gives the picture's size");
                }

                position = CopyEntropyData(input, position, output);
            }
        }

        if (width == 0)
        {
            throw Malformed(name, "it has no frame header (SOFn), so no picture");
        }

        return new CleanedImage(PhotoFormat.Jpeg, width, height, output.ToArray());
    }

    // B.1.1.5: after a scan header come entropy-coded bytes, where 0xFF is followed by 0x00 (a stuffed 0xFF) or a
    // restart marker; any other code ends the scan, and the segment parser goes on from there.
    private static int CopyEntropyData(ReadOnlySpan<byte> input, int position, MemoryStream output)
    {
        var start = position;
        while (position < input.Length)
        {
            if (input[position] == 0xFF && position + 1 < input.Length)
            {
                var next = input[position + 1];
                if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
                {
                    position += 2;
                    continue;
                }

                break;
            }

            position++;
        }

        output.Write(input[start..position]);
        return position;
    }

    // Table B.1: SOF0-SOF15 are 0xC0-0xCF except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static (int Width, int Height) FrameSize(ReadOnlySpan<byte> segment, int seenWidth, long maxPixels, string name)
    {
        // B.2.2: length (2), sample precision (1), number of lines (2), samples per line (2), components (1), ...
        if (segment.Length < 8)
        {
            throw Malformed(name, "its frame header is shorter than 8 bytes");
        }

        if (seenWidth != 0)
        {
            throw Malformed(name, "it has a second frame header (hierarchical JPEG is not taken)");
        }

        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[5..]);
        if (width == 0 || height == 0)
        {
            // A height of 0 is given later by a DNL marker: legal, rare, and not taken.
            throw Malformed(name, $"its frame header declares {width} x {height} pixels");
        }

        if ((long)width * height > maxPixels)
        {
            throw new PhotoRejectedException(PhotoProblem.TooManyPixels,
                $"Photo '{name}' declares {width} x {height} pixels; at most {maxPixels} pixels are taken.");
        }

        return (width, height);
    }

    private static bool Keeps(byte marker, ReadOnlySpan<byte> segment)
    {
        if (marker == App0)
        {
            return segment[2..].StartsWith("JFIF\0"u8);
        }

        if (marker == App14)
        {
            return segment[2..].StartsWith("Adobe"u8);
        }

        // Other APPn (EXIF, XMP, ICC, maker notes), comments and the reserved JPGn codes (F0-FD) carry nothing decoding needs.
        return marker is not ((>= 0xE0 and <= 0xEF) or Com or (>= 0xF0 and <= 0xFD));
    }

    private static PhotoRejectedException Malformed(string name, string what) =>
        new(PhotoProblem.Malformed, $"Photo '{name}' is not a valid JPEG: {what}.");
}
