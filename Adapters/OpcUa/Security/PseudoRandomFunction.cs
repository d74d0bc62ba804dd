using System.Security.Cryptography;

namespace IntegrationHub.Adapters.OpcUa.Security;

/// <summary>
/// P_SHA256 of RFC 5246 5, the pseudo-random function with which Part 6 6.7.6 derives a secure channel's
/// symmetric keys from the two nonces: A(0) = seed, A(i) = HMAC(secret, A(i-1)), output = HMAC(secret, A(1) + seed) +
/// HMAC(secret, A(2) + seed) + ...
/// </summary>
internal static class PseudoRandomFunction
{
    public static byte[] PSha256(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var output = new byte[length];
        Span<byte> a = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> block = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var input = new byte[HMACSHA256.HashSizeInBytes + seed.Length];
        seed.CopyTo(input.AsSpan(HMACSHA256.HashSizeInBytes));
        HMACSHA256.HashData(secret, seed, a);
        for (var written = 0; written < length; written += block.Length)
        {
            a.CopyTo(input);
            HMACSHA256.HashData(secret, input, block);
            block[..Math.Min(block.Length, length - written)].CopyTo(output.AsSpan(written));
            HMACSHA256.HashData(secret, a, a);
        }

        return output;
    }
}
