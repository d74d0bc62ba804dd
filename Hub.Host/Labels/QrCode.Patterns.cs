namespace IntegrationHub.Hub.Host.Labels;

internal sealed partial class QrCode
{
    // 7.3: finder patterns with their separators in three corners, timing patterns on row and column 6, alignment
    // patterns at the crossings of the version's centres (not over a finder), the dark module, and room for the format
    // (and, from version 7, the version) information.
    private void DrawFunctionPatterns()
    {
        var size = Size;
        for (var i = 0; i < size; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }

        Finder(3, 3);
        Finder(3, size - 4);
        Finder(size - 4, 3);
        var centres = Version.Alignment;
        for (var i = 0; i < centres.Length; i++)
        {
            for (var j = 0; j < centres.Length; j++)
            {
                var overFinder = (i == 0 && j == 0) || (i == 0 && j == centres.Length - 1) || (i == centres.Length - 1 && j == 0);
                if (!overFinder)
                {
                    Alignment(centres[i], centres[j]);
                }
            }
        }

        // Reserved now, written once the mask is known.
        DrawFormat(0);
        DrawVersion();
    }

    private void Finder(int row, int column)
    {
        for (var dr = -4; dr <= 4; dr++)
        {
            for (var dc = -4; dc <= 4; dc++)
            {
                var r = row + dr;
                var c = column + dc;
                if (r >= 0 && r < Size && c >= 0 && c < Size)
                {
                    var distance = Math.Max(Math.Abs(dr), Math.Abs(dc));
                    Set(r, c, distance != 2 && distance != 4);
                }
            }
        }
    }

    private void Alignment(int row, int column)
    {
        for (var dr = -2; dr <= 2; dr++)
        {
            for (var dc = -2; dc <= 2; dc++)
            {
                Set(row + dr, column + dc, Math.Max(Math.Abs(dr), Math.Abs(dc)) != 1);
            }
        }
    }

    // 7.9.1: 2 bits of level (M is 00) and 3 of mask, a BCH(15,5) code with generator 0x537, XOR 0x5412; one copy
    // around the top-left finder, the other split between the top-right and bottom-left ones, and the dark module.
    private void DrawFormat(int mask)
    {
        var data = (0b00 << 3) | mask;
        var remainder = data;
        for (var i = 0; i < 10; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        }

        var bits = ((data << 10) | remainder) ^ 0x5412;
        bool Bit(int i) => ((bits >> i) & 1) != 0;
        for (var i = 0; i <= 5; i++)
        {
            Set(i, 8, Bit(i));
        }

        Set(7, 8, Bit(6));
        Set(8, 8, Bit(7));
        Set(8, 7, Bit(8));
        for (var i = 9; i < 15; i++)
        {
            Set(8, 14 - i, Bit(i));
        }

        for (var i = 0; i < 8; i++)
        {
            Set(8, Size - 1 - i, Bit(i));
        }

        for (var i = 8; i < 15; i++)
        {
            Set(Size - 15 + i, 8, Bit(i));
        }

        Set(Size - 8, 8, true);
    }

    // 7.10: from version 7, 6 bits of version and a BCH(18,6) code with generator 0x1F25, in two 6 x 3 blocks.
    private void DrawVersion()
    {
        if (Version.Number < 7)
        {
            return;
        }

        var remainder = Version.Number;
        for (var i = 0; i < 12; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
        }

        var bits = (Version.Number << 12) | remainder;
        for (var i = 0; i < 18; i++)
        {
            var bit = ((bits >> i) & 1) != 0;
            var a = Size - 11 + (i % 3);
            var b = i / 3;
            Set(b, a, bit);
            Set(a, b, bit);
        }
    }

    private void Set(int row, int column, bool dark)
    {
        _dark[row, column] = dark;
        _function[row, column] = true;
    }
}
