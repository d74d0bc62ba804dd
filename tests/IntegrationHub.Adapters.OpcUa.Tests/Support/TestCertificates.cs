using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IntegrationHub.Adapters.OpcUa.Tests.Support;

/// <summary>Self-signed RSA certificates and chunk headers for the security tests.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Make(string name, int bits)
    {
        using var rsa = RSA.Create(bits);
        var request = new CertificateRequest("CN=" + name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A chunk header of <paramref name="length"/> bytes: the message type, room for the size, then filler.</summary>
    public static byte[] Header(int length, string messageType = "MSGF")
    {
        var header = new byte[length];
        System.Text.Encoding.ASCII.GetBytes(messageType).CopyTo(header, 0);
        header.AsSpan(8).Fill(0x5A);
        return header;
    }
}
