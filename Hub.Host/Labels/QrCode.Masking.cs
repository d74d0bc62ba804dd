namespace IntegrationHub.Hub.Host.Labels;

internal sealed partial class QrCode
{
    // 7.7.3: codeword bits, most significant first, in two-module columns from the bottom-right corner, upwards then
    // downwards in turn, skipping the vertical timing column and every function module; remainder bits stay light.
    private void PlaceData(byte[] codewords)
    {
        var total = codewords.Length * 8;
        var i = 0;
        for (var right = Size - 1; right >= 1; right -= 2)
        {
            if (right == 6)
            {
                right = 5;
            }

            for (var step = 0; step < Size; step++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var column = right - j;
                    var upward = ((right + 1) & 2) == 0;
                    var row = upward ? Size - 1 - step : step;
                    if (!_function[row, column] && i < total)
                    {
                        _dark[row, column] = ((codewords[i >> 3] >> (7 - (i & 7))) & 1) != 0;
                        i++;
                    }
                }
            }
        }
    }

    // 7.8: each of the 8 masks is tried, with its format information, and the one with the lowest penalty kept.
    private void ChooseMask()
    {
        var best = 0;
        var bestPenalty = int.MaxValue;
        for (var mask = 0; mask < 8; mask++)
        {
            ApplyMask(mask);
            DrawFormat(mask);
            var penalty = Penalty();
            if (penalty < bestPenalty)
            {
                best = mask;
                bestPenalty = penalty;
            }

            // XOR again undoes it.
            ApplyMask(mask);
        }

        ApplyMask(best);
        DrawFormat(best);
        Mask = best;
    }

    // Table 10: the mask conditions, i = row, j = column.
    private void ApplyMask(int mask)
    {
        for (var i = 0; i < Size; i++)
        {
            for (var j = 0; j < Size; j++)
            {
                var flip = mask switch
                {
                    0 => (i + j) % 2 == 0,
                    1 => i % 2 == 0,
                    2 => j % 3 == 0,
                    3 => (i + j) % 3 == 0,
                    4 => ((i / 2) + (j / 3)) % 2 == 0,
                    5 => ((i * j) % 2) + ((i * j) % 3) == 0,
                    6 => (((i * j) % 2) + ((i * j) % 3)) % 2 == 0,
                    _ => (((i + j) % 2) + ((i * j) % 3)) % 2 == 0,
                };
                if (flip && !_function[i, j])
                {
                    _dark[i, j] = !_dark[i, j];
                }
            }
        }
    }

    // 7.8.3.1: runs of five or more of one colour (3 + extra), 2 x 2 blocks of one colour (3 each), finder-like
    // 1:1:3:1:1 runs with four light modules on a side (40 each), and the dark share's distance from 50 % (10 per 5 %).
    private int Penalty()
    {
        var penalty = 0;
        var dark = 0;
        for (var a = 0; a < Size; a++)
        {
            penalty += LinePenalty(a, rows: true) + LinePenalty(a, rows: false);
            for (var b = 0; b < Size; b++)
            {
                dark += _dark[a, b] ? 1 : 0;
                if (a + 1 < Size && b + 1 < Size && _dark[a, b] == _dark[a + 1, b] && _dark[a, b] == _dark[a, b + 1] && _dark[a, b] == _dark[a + 1, b + 1])
                {
                    penalty += 3;
                }
            }
        }

        var total = Size * Size;
        penalty += Math.Abs((dark * 20) - (total * 10)) / total * 10;
        return penalty;
    }

    private int LinePenalty(int index, bool rows)
    {
        bool At(int k) => rows ? _dark[index, k] : _dark[k, index];
        var penalty = 0;
        var run = 1;
        for (var k = 1; k <= Size; k++)
        {
            if (k < Size && At(k) == At(k - 1))
            {
                run++;
                continue;
            }

            if (run >= 5)
            {
                penalty += 3 + (run - 5);
            }

            run = 1;
        }

        // Dark-light-dark-dark-dark-light-dark with four light modules before or after (outside the symbol counts as light).
        bool Light(int k) => k < 0 || k >= Size || !At(k);
        for (var k = 0; k + 7 <= Size; k++)
        {
            var finderLike = At(k) && Light(k + 1) && At(k + 2) && At(k + 3) && At(k + 4) && Light(k + 5) && At(k + 6);
            if (finderLike && ((Light(k - 1) && Light(k - 2) && Light(k - 3) && Light(k - 4)) || (Light(k + 7) && Light(k + 8) && Light(k + 9) && Light(k + 10))))
            {
                penalty += 40;
            }
        }

        return penalty;
    }
}
