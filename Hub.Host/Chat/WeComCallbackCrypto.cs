using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// WeCom's callback encryption, as its documentation for robot callbacks specifies: a message is signed with
/// SHA1 over the sorted strings (token, timestamp, nonce, ciphertext) in lower-case hex, and encrypted with
/// AES-256-CBC under the key Base64(EncodingAESKey + "="), the key's first 16 bytes as IV, PKCS#7 padding to a
/// multiple of 32 bytes. The plaintext is 16 random bytes, the message's length (4 bytes, big-endian), the message
/// in UTF-8 and the receive id (empty for an enterprise's own intelligent robot).
/// </summary>
internal sealed class WeComCallbackCrypto
{
    private const int PaddingBlock = 32;
    private const int RandomLength = 16;
    private static readonly TimeSpan MaxSkew = TimeSpan.FromHours(1);

    private readonly string _token;
    private readonly byte[] _key;
    private readonly string _receiveId;

    private WeComCallbackCrypto(string token, byte[] key, string receiveId) => (_token, _key, _receiveId) = (token, key, receiveId);

    /// <summary>The crypto for a robot's Token and EncodingAESKey, or why the key is not one WeCom would issue.</summary>
    public static WeComCallbackCrypto Create(string token, string encodingAesKey, string receiveId)
    {
        var key = KeyOf(encodingAesKey) ?? throw new ArgumentException(KeyProblem, nameof(encodingAesKey));
        return new WeComCallbackCrypto(token, key, receiveId);
    }

    public const string KeyProblem = "an EncodingAESKey is the 43 letters and digits WeCom shows next to the robot's Token";

    /// <summary>The 32-byte AES key an EncodingAESKey stands for, or null if it is not a valid one.</summary>
    public static byte[]? KeyOf(string? encodingAesKey)
    {
        if (encodingAesKey is not { Length: 43 } || !encodingAesKey.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var key = new byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) && written == 32 ? key[..32] : null;
    }

    public string Sign(string timestamp, string nonce, string encrypted)
    {
        string[] parts = [_token, timestamp, nonce, encrypted];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>Null when the signature is WeCom's and the timestamp within an hour of now; otherwise why not.</summary>
    public string? Check(string? signature, string? timestamp, string? nonce, string? encrypted, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(encrypted))
        {
            return "msg_signature, timestamp, nonce or the encrypted message is missing";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Duration() > MaxSkew)
        {
            return "the timestamp is not within an hour of now";
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(timestamp, nonce, encrypted)), Encoding.ASCII.GetBytes(signature))
            ? null
            : "the signature does not match";
    }

    /// <summary>The message inside a ciphertext that WeCom sent.</summary>
    /// <exception cref="WeComCryptoException">The ciphertext is not one sealed with this robot's key and receive id.</exception>
    public string Open(string encrypted)
    {
        var cipher = new byte[encrypted.Length];
        if (!Convert.TryFromBase64String(encrypted, cipher, out var length) || length == 0 || length % PaddingBlock != 0)
        {
            throw new WeComCryptoException("the encrypted message is not Base64 of whole 32-byte blocks");
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher.AsSpan(0, length), _key.AsSpan(0, 16), PaddingMode.None);
        }

        int pad = plain[^1];
        if (pad is < 1 or > PaddingBlock || plain.Length < RandomLength + 4 + pad)
        {
            throw new WeComCryptoException("the decrypted message has no valid padding: the EncodingAESKey is probably not this robot's");
        }

        var body = plain.AsSpan(0, plain.Length - pad);
        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(RandomLength, 4));
        if (messageLength > body.Length - RandomLength - 4)
        {
            throw new WeComCryptoException($"the decrypted message says it is {messageLength} bytes long but holds {body.Length - RandomLength - 4}");
        }

        var message = body.Slice(RandomLength + 4, (int)messageLength);
        var receiveId = Encoding.UTF8.GetString(body[(RandomLength + 4 + (int)messageLength)..]);
        if (!string.Equals(receiveId, _receiveId, StringComparison.Ordinal))
        {
            throw new WeComCryptoException($"the message is for receive id '{receiveId}', not '{_receiveId}' (Hub:Chat:WeComReceiveId)");
        }

        return Encoding.UTF8.GetString(message);
    }

    /// <summary>A message sealed for WeCom: random prefix, length, message, receive id, padded and encrypted.</summary>
    public string Seal(string message)
    {
        var messageBytes = Encoding.UTF8.GetBytes(message);
        var receiveIdBytes = Encoding.UTF8.GetBytes(_receiveId);
        var unpadded = RandomLength + 4 + messageBytes.Length + receiveIdBytes.Length;
        var pad = PaddingBlock - (unpadded % PaddingBlock);
        var plain = new byte[unpadded + pad];
        RandomNumberGenerator.Fill(plain.AsSpan(0, RandomLength));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomLength, 4), (uint)messageBytes.Length);
        messageBytes.CopyTo(plain, RandomLength + 4);
        receiveIdBytes.CopyTo(plain, RandomLength + 4 + messageBytes.Length);
        plain.AsSpan(unpadded).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }
}
