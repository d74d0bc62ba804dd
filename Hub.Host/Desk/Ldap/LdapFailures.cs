using System.DirectoryServices.Protocols;
using System.Net.Sockets;

namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>Turns the LDAP library's errors into sentences that tell an operator what to check.</summary>
internal static class LdapFailures
{
    /// <summary>LDAP result code 49, invalidCredentials (RFC 4511 appendix A).</summary>
    public const int InvalidCredentials = 49;

    // libldap's client-side codes: 81 server down, 85 timeout, 91 connect error.
    private const int ServerDown = 81;
    private const int Timeout = 85;
    private const int ConnectError = 91;

    public static string Describe(LdapException ex, LdapServerAddress server)
    {
        if (ex.ErrorCode is ServerDown or ConnectError)
        {
            // libldap gives the same code for "nothing listens" and "TLS failed": a plain TCP connect tells them apart.
            return Accepts(server)
                ? $"it accepts connections but the TLS handshake failed (code {ex.ErrorCode}); check that its certificate is signed by a CA in Hub:Desk:Ldap:CaDirectory or the system's store, is valid, and names the host '{server.Host}'."
                : $"nothing answers at {server.Host}:{server.Port} (code {ex.ErrorCode}, {ex.Message}).";
        }

        return ex.ErrorCode == Timeout
            ? "it did not answer within Hub:Desk:Ldap:Timeout."
            : $"LDAP error {ex.ErrorCode}: {ex.Message} {ex.ServerErrorMessage}".TrimEnd();
    }

    public static string Describe(DirectoryException ex) => ex switch
    {
        DirectoryOperationException op => $"the server answered {op.Response?.ResultCode} to a search or bind: {op.Response?.ErrorMessage ?? op.Message} (check the search bases and filters of Hub:Desk:Ldap).",
        _ => ex.Message,
    };

    private static bool Accepts(LdapServerAddress server)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(server.Host, server.Port).Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
