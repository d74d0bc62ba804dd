using System.Buffers.Binary;

namespace IntegrationHub.Hub.Host.Photos;

/// <summary>A PNG's IHDR chunk (PNG specification 11.2.1), checked, and the size its rows inflate to.</summary>
internal sealed record PngHeader(int Width, int Height, int BitDepth, int ColourType, bool Interlaced)
{
    // Adam7 (8.2): each pass's first column and row, and its steps.
    private static readonly (int X, int Y, int DX, int DY)[] s_passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static PngHeader Read(ReadOnlySpan<byte> body, long maxPixels, string name)
    {
        // Width (4), height (4), bit depth (1), colour type (1), compression (1), filter (1), interlace (1).
        if (body.Length != 13)
        {
            throw PngCleaner.Malformed(name, $"its IHDR chunk has {body.Length} bytes; it has 13");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw PngCleaner.Malformed(name, $"its header declares {width} x {height} pixels");
        }

        if ((ulong)width * height > (ulong)maxPixels)
        {
            throw new PhotoRejectedException(PhotoProblem.TooManyPixels,
                $"Photo '{name}' declares {width} x {height} pixels; at most {maxPixels} pixels are taken.");
        }

        int depth = body[8], colour = body[9];
        var allowed = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!allowed || body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            throw PngCleaner.Malformed(name, $"its header has bit depth {depth}, colour type {colour}, compression {body[10]}, filter {body[11]}, interlace {body[12]}, which PNG does not define");
        }

        var header = new PngHeader((int)width, (int)height, depth, colour, body[12] == 1);
        // The inflate work is bounded by bytes, not pixels: 4 bytes a pixel of the budget (8-bit RGBA), so a 16-bit RGBA
        // header takes half the pixels and nothing inflates more than 4 x maxPixels bytes (review of session 24).
        var budget = maxPixels >= (long.MaxValue - header.Height) / 4 ? long.MaxValue : (maxPixels * 4) + header.Height;
        if (header.RawSize() > budget)
        {
            throw new PhotoRejectedException(PhotoProblem.TooManyPixels,
                $"Photo '{name}' declares {width} x {height} pixels of {depth}-bit colour type {colour}, {header.RawSize()} bytes once inflated; at most {budget} bytes are taken. Send an 8-bit photo or a smaller one.");
        }

        return header;
    }

    /// <summary>The bytes the image data inflates to: per row, a filter byte and the row's packed samples (7.2, 8.2).</summary>
    public long RawSize()
    {
        if (!Interlaced)
        {
            return RowsSize(Width, Height);
        }

        long total = 0;
        foreach (var (x, y, dx, dy) in s_passes)
        {
            var columns = (Width - x + dx - 1) / dx;
            var rows = (Height - y + dy - 1) / dy;
            if (columns > 0 && rows > 0)
            {
                total += RowsSize(columns, rows);
            }
        }

        return total;
    }

    private long RowsSize(long columns, long rows)
    {
        var channels = ColourType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };
        return rows * (1 + ((columns * channels * BitDepth) + 7) / 8);
    }
}
