using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Security;

/// <summary>
/// Signs, encrypts, decrypts and verifies secure conversation chunks (Part 6 6.7.2) for one security policy and
/// mode. OpenSecureChannel chunks use the certificates' RSA keys with the policy's paddings (signed and encrypted in both Sign and
/// SignAndEncrypt); all other chunks use the symmetric keys derived from the nonces of the current token.
/// A chunk that fails a check raises an <see cref="OpcUaProtocolException"/> with BadSecurityChecksFailed.
/// </summary>
internal sealed class ChannelSecurity : IDisposable
{
    private readonly RSA _ownKey;
    private readonly RSA _serverKey;

    public ChannelSecurity(SecurityPolicy policy, MessageSecurityMode mode, X509Certificate2 ownCertificate, byte[] serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(ownCertificate);
        ArgumentNullException.ThrowIfNull(serverCertificate);
        if (mode is not (MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Channel security is for Sign or SignAndEncrypt.");
        }

        Policy = policy;
        Mode = mode;
        OwnCertificate = ownCertificate.RawData;
        ServerCertificate = CertificateChain.First(serverCertificate);
        _ownKey = ownCertificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The application instance certificate has no RSA private key.", nameof(ownCertificate));
        using var server = X509CertificateLoader.LoadCertificate(ServerCertificate);
        _serverKey = server.GetRSAPublicKey()
            ?? throw new OpcUaServiceException(StatusCodes.BadCertificateInvalid, "The server certificate has no RSA public key.");
        CheckKeySize(_serverKey.KeySize, "server");
        CheckKeySize(_ownKey.KeySize, "client");
        ServerThumbprint = SHA1.HashData(ServerCertificate);
        OwnThumbprint = SHA1.HashData(OwnCertificate);
    }

    public SecurityPolicy Policy { get; }

    public MessageSecurityMode Mode { get; }

    /// <summary>The client's application instance certificate (DER), sent in OpenSecureChannel and CreateSession.</summary>
    public byte[] OwnCertificate { get; }

    /// <summary>The server's certificate (DER, the first of its chain) that OpenSecureChannel messages are encrypted for.</summary>
    public byte[] ServerCertificate { get; }

    /// <summary>SHA-1 of <see cref="ServerCertificate"/>: the ReceiverCertificateThumbprint of requests.</summary>
    public byte[] ServerThumbprint { get; }

    private byte[] OwnThumbprint { get; }

    private bool Encrypts => Mode == MessageSecurityMode.SignAndEncrypt;

    /// <summary>Signs data with the client's private key (CreateSession/ActivateSession client signatures, Part 4 5.6.3).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _ownKey.SignData(data, HashAlgorithmName.SHA256, Policy.AsymmetricSignaturePadding);

    /// <summary>Checks a signature made with the server's private key.</summary>
    public bool VerifyServerSignature(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _serverKey.VerifyData(data, signature, HashAlgorithmName.SHA256, Policy.AsymmetricSignaturePadding);

    /// <summary>The most body bytes an OpenSecureChannel chunk of <paramref name="chunkSize"/> can carry after a header of <paramref name="headerLength"/>.</summary>
    public int MaxAsymmetricBody(int chunkSize, int headerLength)
    {
        var cipherBlock = _serverKey.KeySize / 8;
        var plainBlock = Policy.PlainBlockSize(_serverKey.KeySize);
        var plain = (chunkSize - headerLength) / cipherBlock * plainBlock;
        return plain - SequenceHeaderSize - (_ownKey.KeySize / 8) - PaddingOverhead(cipherBlock);
    }

    /// <summary>The most body bytes a symmetric chunk (MSG, CLO) of <paramref name="chunkSize"/> can carry.</summary>
    public int MaxSymmetricBody(int chunkSize)
    {
        var available = chunkSize - SymmetricHeaderSize;
        if (Encrypts)
        {
            available = available / Policy.EncryptionBlockSize * Policy.EncryptionBlockSize - 1;
        }

        return available - SequenceHeaderSize - Policy.SymmetricSignatureSize;
    }

    /// <summary>
    /// Completes an OpenSecureChannel chunk: <paramref name="header"/> is the message header (size not yet set) and
    /// the asymmetric security header; <paramref name="content"/> is the sequence header and the body.
    /// </summary>
    public byte[] SealAsymmetric(ReadOnlySpan<byte> header, ReadOnlySpan<byte> content)
    {
        var cipherBlock = _serverKey.KeySize / 8;
        var plainBlock = Policy.PlainBlockSize(_serverKey.KeySize);
        var signatureSize = _ownKey.KeySize / 8;
        var padding = PaddingLength(content.Length, signatureSize, plainBlock, extraByte: cipherBlock > 256);
        var plainLength = content.Length + padding + signatureSize;
        var chunkLength = header.Length + (plainLength / plainBlock * cipherBlock);

        var signed = new byte[header.Length + content.Length + padding];
        header.CopyTo(signed);
        BinaryPrimitives.WriteUInt32LittleEndian(signed.AsSpan(4), (uint)chunkLength);
        content.CopyTo(signed.AsSpan(header.Length));
        WritePadding(signed.AsSpan(header.Length + content.Length, padding), cipherBlock > 256);
        var signature = Sign(signed);

        var plain = new byte[plainLength];
        signed.AsSpan(header.Length).CopyTo(plain);
        signature.CopyTo(plain.AsSpan(plainLength - signatureSize));
        var chunk = new byte[chunkLength];
        signed.AsSpan(0, header.Length).CopyTo(chunk);
        var written = header.Length;
        for (var offset = 0; offset < plainLength; offset += plainBlock)
        {
            var block = _serverKey.Encrypt(plain.AsSpan(offset, plainBlock).ToArray(), Policy.AsymmetricEncryptionPadding);
            block.CopyTo(chunk.AsSpan(written));
            written += block.Length;
        }

        return chunk;
    }

    /// <summary>
    /// Decrypts and verifies an OpenSecureChannel response chunk. <paramref name="chunk"/> is the whole chunk,
    /// <paramref name="securityHeaderEnd"/> where its asymmetric security header ends. Returns the sequence header and body.
    /// </summary>
    public ReadOnlyMemory<byte> OpenAsymmetric(byte[] chunk, int securityHeaderEnd)
    {
        var cipherBlock = _ownKey.KeySize / 8;
        var encrypted = chunk.AsSpan(securityHeaderEnd);
        if (encrypted.Length == 0 || encrypted.Length % cipherBlock != 0)
        {
            throw Failed(securityHeaderEnd, string.Create(CultureInfo.InvariantCulture, $"encrypted part of {encrypted.Length} bytes is not a multiple of the {cipherBlock}-byte RSA block"));
        }

        var signed = new byte[securityHeaderEnd + (encrypted.Length / cipherBlock * Policy.PlainBlockSize(_ownKey.KeySize))];
        chunk.AsSpan(0, securityHeaderEnd).CopyTo(signed);
        var written = securityHeaderEnd;
        for (var offset = 0; offset < encrypted.Length; offset += cipherBlock)
        {
            byte[] block;
            try
            {
                block = _ownKey.Decrypt(encrypted.Slice(offset, cipherBlock).ToArray(), Policy.AsymmetricEncryptionPadding);
            }
            catch (CryptographicException e)
            {
                throw Failed(securityHeaderEnd + offset, "an RSA block does not decrypt with the client's key: " + e.Message);
            }

            block.CopyTo(signed.AsSpan(written));
            written += block.Length;
        }

        var signatureSize = _serverKey.KeySize / 8;
        var signedLength = written - signatureSize;
        if (signedLength < securityHeaderEnd + SequenceHeaderSize)
        {
            throw Failed(securityHeaderEnd, "the decrypted chunk is shorter than its signature");
        }

        if (!VerifyServerSignature(signed.AsSpan(0, signedLength), signed.AsSpan(signedLength, signatureSize)))
        {
            throw Failed(securityHeaderEnd, "the signature does not match the server certificate");
        }

        var contentLength = StripPadding(signed.AsSpan(securityHeaderEnd, signedLength - securityHeaderEnd), cipherBlock > 256, securityHeaderEnd);
        return signed.AsMemory(securityHeaderEnd, contentLength);
    }

    /// <summary>
    /// Completes a symmetric chunk: <paramref name="header"/> is the message header (size not yet set), channel id
    /// and token id; <paramref name="content"/> the sequence header and body; signed (and encrypted) with the client's keys.
    /// </summary>
    public byte[] SealSymmetric(ReadOnlySpan<byte> header, ReadOnlySpan<byte> content, SymmetricKeys clientKeys)
    {
        var signatureSize = Policy.SymmetricSignatureSize;
        var padding = Encrypts ? PaddingLength(content.Length, signatureSize, Policy.EncryptionBlockSize, extraByte: false) : 0;
        var chunk = new byte[header.Length + content.Length + padding + signatureSize];
        header.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)chunk.Length);
        content.CopyTo(chunk.AsSpan(header.Length));
        WritePadding(chunk.AsSpan(header.Length + content.Length, padding), extraByte: false);
        var signedLength = chunk.Length - signatureSize;
        HMACSHA256.HashData(clientKeys.SigningKey, chunk.AsSpan(0, signedLength), chunk.AsSpan(signedLength));
        if (Encrypts)
        {
            using var aes = Aes.Create();
            aes.Key = clientKeys.EncryptingKey;
            var part = chunk.AsSpan(header.Length);
            aes.EncryptCbc(part, clientKeys.InitializationVector, part, PaddingMode.None);
        }

        return chunk;
    }

    /// <summary>Decrypts (in place) and verifies a symmetric chunk with the server's keys; returns the sequence header and body.</summary>
    public ReadOnlyMemory<byte> OpenSymmetric(byte[] chunk, int securityHeaderEnd, SymmetricKeys serverKeys)
    {
        var part = chunk.AsSpan(securityHeaderEnd);
        if (Encrypts)
        {
            if (part.Length % Policy.EncryptionBlockSize != 0)
            {
                throw Failed(securityHeaderEnd, string.Create(CultureInfo.InvariantCulture, $"encrypted part of {part.Length} bytes is not a multiple of the AES block"));
            }

            using var aes = Aes.Create();
            aes.Key = serverKeys.EncryptingKey;
            aes.DecryptCbc(part, serverKeys.InitializationVector, part, PaddingMode.None);
        }

        var signatureSize = Policy.SymmetricSignatureSize;
        var signedLength = chunk.Length - signatureSize;
        if (signedLength < securityHeaderEnd + SequenceHeaderSize)
        {
            throw Failed(securityHeaderEnd, "the chunk is shorter than its signature");
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(serverKeys.SigningKey, chunk.AsSpan(0, signedLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..signatureSize], chunk.AsSpan(signedLength, signatureSize)))
        {
            throw Failed(signedLength, "the HMAC-SHA256 signature does not match the channel's server signing key");
        }

        var contentLength = Encrypts
            ? StripPadding(chunk.AsSpan(securityHeaderEnd, signedLength - securityHeaderEnd), extraByte: false, securityHeaderEnd)
            : signedLength - securityHeaderEnd;
        return chunk.AsMemory(securityHeaderEnd, contentLength);
    }

    /// <summary>Checks the asymmetric security header of a response: policy, the server's certificate, and our thumbprint.</summary>
    public void CheckAsymmetricHeader(string? policyUri, byte[]? senderCertificate, byte[]? receiverThumbprint, long offset)
    {
        if (policyUri != Policy.Uri)
        {
            throw Failed(offset, $"the response uses security policy '{policyUri}', the request {Policy.Uri}");
        }

        if (senderCertificate is null || !CertificateChain.First(senderCertificate).AsSpan().SequenceEqual(ServerCertificate))
        {
            throw Failed(offset, "the response is signed with another certificate than the server's trusted one");
        }

        if (receiverThumbprint is null || !receiverThumbprint.AsSpan().SequenceEqual(OwnThumbprint))
        {
            throw Failed(offset, "the response is encrypted for another certificate than the client's");
        }
    }

    public void Dispose()
    {
        _ownKey.Dispose();
        _serverKey.Dispose();
    }

    private const int SequenceHeaderSize = 8;

    // Message header, SecureChannelId, TokenId.
    private const int SymmetricHeaderSize = 16;

    private void CheckKeySize(int bits, string whose)
    {
        if (bits < Policy.MinimumAsymmetricKeyBits || bits > Policy.MaximumAsymmetricKeyBits)
        {
            throw new OpcUaServiceException(StatusCodes.BadCertificateInvalid, string.Create(CultureInfo.InvariantCulture,
                $"The {whose} certificate's RSA key has {bits} bits; {Policy.Uri} needs {Policy.MinimumAsymmetricKeyBits} to {Policy.MaximumAsymmetricKeyBits}."));
        }
    }

    private static int PaddingOverhead(int cipherBlock) => cipherBlock > 256 ? 2 : 1;

    // Part 6 6.7.2.6: PaddingSize byte, PaddingSize bytes of that value, and ExtraPaddingSize (the high byte) when the
    // encrypting key is longer than 2048 bits, so that the content, padding and signature fill whole blocks.
    private static int PaddingLength(int contentLength, int signatureSize, int blockSize, bool extraByte)
    {
        var overhead = extraByte ? 2 : 1;
        var count = (blockSize - ((contentLength + overhead + signatureSize) % blockSize)) % blockSize;
        return count + overhead;
    }

    private static void WritePadding(Span<byte> padding, bool extraByte)
    {
        if (padding.IsEmpty)
        {
            return;
        }

        var count = padding.Length - (extraByte ? 2 : 1);
        padding.Fill((byte)count);
        if (extraByte)
        {
            padding[^1] = (byte)(count >> 8);
        }
    }

    private static int StripPadding(ReadOnlySpan<byte> content, bool extraByte, long offset)
    {
        var count = extraByte ? (content[^1] << 8) | content[^2] : content[^1];
        var total = count + (extraByte ? 2 : 1);
        if (total > content.Length - SequenceHeaderSize)
        {
            throw Failed(offset, string.Create(CultureInfo.InvariantCulture, $"padding of {total} bytes is longer than the chunk"));
        }

        var padding = content.Slice(content.Length - total, count + 1);
        if (padding.ContainsAnyExcept((byte)count))
        {
            throw Failed(offset + content.Length - total, "the padding bytes do not all hold the padding size");
        }

        return content.Length - total;
    }

    private static OpcUaProtocolException Failed(long offset, string detail) =>
        new("SecureConversation", offset, detail) { StatusCode = StatusCodes.BadSecurityChecksFailed };
}
