using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Builds the UserNameIdentityToken for a user token policy (Part 4 7.41.4): the plain UTF-8 password when the
/// effective policy (the token policy's SecurityPolicyUri, else the endpoint's) is None, otherwise the legacy encrypted
/// secret of Part 4 7.41.2.2 (UInt32 length of password + nonce, password, server nonce) encrypted with the server
/// certificate's RSA key and the asymmetric encryption of that policy, which need not be the channel's: a server may
/// name Aes128_Sha256_RsaOaep in the token policy of a Basic256Sha256 or None endpoint.
/// </summary>
internal static class UserTokenSecret
{
    public static UserNameIdentityToken Create(UserTokenPolicy policy, string? effectivePolicyUri, string userName, string password, byte[]? serverCertificate, byte[]? serverNonce)
    {
        var passwordBytes = System.Text.Encoding.UTF8.GetBytes(password);
        if (string.IsNullOrEmpty(effectivePolicyUri) || effectivePolicyUri == SecurityPolicyUris.None)
        {
            return new UserNameIdentityToken(policy.PolicyId, userName, passwordBytes, null);
        }

        // An unknown policy is refused, never taken for None: the password would go out in clear text.
        var security = SecurityPolicy.Find(effectivePolicyUri)
            ?? throw new OpcUaServiceException(StatusCodes.BadIdentityTokenRejected,
                $"The server's user token policy '{Printable(policy.PolicyId ?? string.Empty)}' asks for the password to be encrypted with security policy '{Printable(effectivePolicyUri)}', "
                + $"which this client does not implement ({SecurityPolicy.Names}); the password was not sent.");
        if (serverCertificate is null || serverNonce is null || serverNonce.Length < 32)
        {
            throw new OpcUaServiceException(StatusCodes.BadIdentityTokenInvalid,
                "Encrypting the password needs the server certificate and a server nonce of at least 32 bytes; the server sent neither.");
        }

        var secret = new byte[4 + passwordBytes.Length + serverNonce.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(secret, (uint)(passwordBytes.Length + serverNonce.Length));
        passwordBytes.CopyTo(secret, 4);
        serverNonce.CopyTo(secret, 4 + passwordBytes.Length);
        using var certificate = X509CertificateLoader.LoadCertificate(CertificateChain.First(serverCertificate));
        using var rsa = certificate.GetRSAPublicKey()
            ?? throw new OpcUaServiceException(StatusCodes.BadIdentityTokenInvalid, "The server certificate has no RSA key.");
        if (rsa.KeySize < security.MinimumAsymmetricKeyBits || rsa.KeySize > security.MaximumAsymmetricKeyBits)
        {
            throw new OpcUaServiceException(StatusCodes.BadCertificateInvalid, string.Create(CultureInfo.InvariantCulture,
                $"The server certificate's RSA key has {rsa.KeySize} bits; the user token policy '{Printable(policy.PolicyId ?? string.Empty)}' names {security.Name}, which needs {security.MinimumAsymmetricKeyBits} to {security.MaximumAsymmetricKeyBits}. The password was not sent."));
        }

        return new UserNameIdentityToken(policy.PolicyId, userName, EncryptBlocks(rsa, security, secret), security.AsymmetricEncryptionAlgorithmUri);
    }

    // Each RSA-OAEP block carries at most keySize - overhead bytes; the blocks are concatenated (Part 6 6.7.2.5).
    private static byte[] EncryptBlocks(RSA rsa, SecurityPolicy security, byte[] plain)
    {
        var blockPlain = security.PlainBlockSize(rsa.KeySize);
        using var output = new MemoryStream();
        for (var offset = 0; offset < plain.Length; offset += blockPlain)
        {
            var block = plain.AsSpan(offset, Math.Min(blockPlain, plain.Length - offset)).ToArray();
            output.Write(rsa.Encrypt(block, security.AsymmetricEncryptionPadding));
        }

        return output.ToArray();
    }

    // A hostile server's URI may be huge or hold control characters meant to forge log lines.
    private static string Printable(string text) => LogText.Escape(text.Length > 200 ? text[..200] + "..." : text);
}
