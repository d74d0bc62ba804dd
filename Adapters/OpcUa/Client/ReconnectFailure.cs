using IntegrationHub.Adapters.OpcUa.Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Sorts reconnect failures into those that retrying may cure (network, server restarting) and those it cannot
/// (issue 16 item 10): a rejected user, an untrusted certificate, an identity token or a protection of the password
/// that the client cannot make. The second kind is retried every few minutes, with its reason and fix logged once.
/// </summary>
internal static class ReconnectFailure
{
    public static bool IsPermanent(Exception e) => e switch
    {
        CertificateUntrustedException => true,
        OpcUaServiceException s => (s.StatusCode.Code & 0xFFFF0000) is
            0x801F0000 // BadUserAccessDenied
            or 0x80210000 // BadIdentityTokenRejected
            or 0x80200000 // BadIdentityTokenInvalid
            or 0x801A0000 // BadCertificateUntrusted
            or 0x80120000 // BadCertificateInvalid
            or 0x80130000 // BadSecurityChecksFailed (what servers answer an untrusted client certificate with)
            or 0x80E60000 // BadSecurityModeInsufficient (no acceptable endpoint, or a password that would go unencrypted)
            or 0x80550000, // BadSecurityPolicyRejected
        _ => false,
    };

    /// <summary>What an operator does about a permanent failure.</summary>
    public static string Fix(Exception e) => e switch
    {
        CertificateUntrustedException => "trust the server's certificate as the reason says (move it from the rejected to the trusted folder).",
        OpcUaServiceException s => (s.StatusCode.Code & 0xFFFF0000) switch
        {
            0x801F0000 or 0x80210000 or 0x80200000 => "check the user name and password in the configuration against the user's account on the server, or whether the server accepts that kind of user.",
            0x801A0000 or 0x80120000 or 0x80130000 => "make the server trust the client's certificate (and the client the server's), as the reason says.",
            _ => "change the security settings (security mode, PKI folder, AllowUnencryptedPassword) or the server's endpoints, as the reason says.",
        },
        _ => "see the reason.",
    };
}
