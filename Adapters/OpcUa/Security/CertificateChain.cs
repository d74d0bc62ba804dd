using System.Formats.Asn1;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Security;

/// <summary>
/// Servers may send a certificate chain (the DER certificates concatenated, Part 6 6.2.3) where one certificate is
/// expected; the application instance certificate is the first.
/// </summary>
internal static class CertificateChain
{
    public static byte[] First(byte[] chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        try
        {
            AsnDecoder.ReadEncodedValue(chain, AsnEncodingRules.DER, out _, out _, out var length);
            return length == chain.Length ? chain : chain.AsSpan(0, length).ToArray();
        }
        catch (AsnContentException e)
        {
            throw new OpcUaServiceException(StatusCodes.BadCertificateInvalid, "The server's certificate is not DER: " + e.Message, e);
        }
    }
}
