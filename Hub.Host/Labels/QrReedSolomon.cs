namespace IntegrationHub.Hub.Host.Labels;

/// <summary>
/// The error correction codewords of a QR code block (ISO/IEC 18004:2015, 7.5.2): Reed-Solomon over GF(256) with the
/// field's primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and a generator whose roots are α^0 … α^(n-1).
/// </summary>
internal static class QrReedSolomon
{
    /// <summary>The generator polynomial of degree <paramref name="degree"/>, leading coefficient (always 1) left out.</summary>
    public static byte[] Generator(int degree)
    {
        var result = new byte[degree];
        result[degree - 1] = 1;
        byte root = 1;
        for (var i = 0; i < degree; i++)
        {
            // Multiply the polynomial by (x - root); in GF(2^8) subtraction is XOR.
            for (var j = 0; j < degree; j++)
            {
                result[j] = Multiply(result[j], root);
                if (j + 1 < degree)
                {
                    result[j] ^= result[j + 1];
                }
            }

            root = Multiply(root, 0x02);
        }

        return result;
    }

    /// <summary>The remainder of the data times x^n divided by the generator: the block's error correction codewords.</summary>
    public static byte[] Remainder(ReadOnlySpan<byte> data, byte[] generator)
    {
        var result = new byte[generator.Length];
        foreach (var b in data)
        {
            var factor = (byte)(b ^ result[0]);
            Array.Copy(result, 1, result, 0, result.Length - 1);
            result[^1] = 0;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] ^= Multiply(generator[i], factor);
            }
        }

        return result;
    }

    /// <summary>Multiplication in GF(2^8) modulo 0x11D.</summary>
    public static byte Multiply(byte x, byte y)
    {
        var z = 0;
        for (var i = 7; i >= 0; i--)
        {
            z = (z << 1) ^ ((z >> 7) * 0x11D);
            z ^= ((y >> i) & 1) * x;
        }

        return (byte)z;
    }
}
