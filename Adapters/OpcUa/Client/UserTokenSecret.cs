using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Builds the UserNameIdentityToken for a user token policy (Part 4 7.41.4): the plain UTF-8 password when the
/// policy's SecurityPolicyUri is None, otherwise the legacy encrypted secret of Part 4 7.41.2.2
/// (UInt32 length of password + nonce, password, server nonce) encrypted with the server certificate's RSA key.
/// </summary>
internal static class UserTokenSecret
{
    // Part 7: Basic256Sha256's asymmetric encryption is RSA-OAEP with SHA-1.
    private const string RsaOaepUri = "http://www.w3.org/2001/04/xmlenc#rsa-oaep";

    public static UserNameIdentityToken Create(UserTokenPolicy policy, string? effectivePolicyUri, string userName, string password, byte[]? serverCertificate, byte[]? serverNonce)
    {
        var passwordBytes = System.Text.Encoding.UTF8.GetBytes(password);
        if (string.IsNullOrEmpty(effectivePolicyUri) || effectivePolicyUri == SecurityPolicyUris.None)
        {
            return new UserNameIdentityToken(policy.PolicyId, userName, passwordBytes, null);
        }

        if (effectivePolicyUri != SecurityPolicyUris.Basic256Sha256)
        {
            throw new OpcUaServiceException(StatusCodes.BadIdentityTokenRejected,
                $"The server asks for the user password to be protected with {effectivePolicyUri}; only Basic256Sha256 is implemented.");
        }

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
        return new UserNameIdentityToken(policy.PolicyId, userName, EncryptBlocks(rsa, secret), RsaOaepUri);
    }

    // RSA-OAEP SHA-1 takes at most keySize - 42 bytes per block; the blocks are concatenated (Part 6 6.7.2.5 rules for asymmetric encryption).
    private static byte[] EncryptBlocks(RSA rsa, byte[] plain)
    {
        var keyBytes = rsa.KeySize / 8;
        var blockPlain = keyBytes - 42;
        using var output = new MemoryStream();
        for (var offset = 0; offset < plain.Length; offset += blockPlain)
        {
            var block = plain.AsSpan(offset, Math.Min(blockPlain, plain.Length - offset)).ToArray();
            output.Write(rsa.Encrypt(block, RSAEncryptionPadding.OaepSHA1));
        }

        return output.ToArray();
    }
}
