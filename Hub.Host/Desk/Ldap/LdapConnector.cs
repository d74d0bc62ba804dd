using System.DirectoryServices.Protocols;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>Opens an encrypted connection to one directory server: ldaps://, or ldap:// upgraded with StartTLS (never plain).</summary>
internal static class LdapConnector
{
    /// <summary>The StartTLS extended operation (RFC 4511 section 4.14), which the server lists in its root DSE.</summary>
    private const string StartTlsOid = "1.3.6.1.4.1.1466.20037";

    private const int MaxStartTlsAttempts = 5;

    public static LdapConnection Open(LdapServerAddress server, DeskLdapOptions settings)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(server.Host, server.Port), credential: null, AuthType.Basic)
        {
            Timeout = settings.Timeout,
            // Binds are explicit: the service account first, the user last.
            AutoBind = false,
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            if (!OperatingSystem.IsWindows())
            {
                // libldap (Linux): a TLS context of this connection's own, which trusts CaDirectory and the system's store.
                // Certificate checking stays at libldap's "demand": an untrusted or misnamed certificate ends the attempt.
                if (settings.CaDirectory is { } ca)
                {
                    connection.SessionOptions.TrustedCertificatesDirectory = ca;
                }

                connection.SessionOptions.StartNewTlsSessionContext();
            }

            if (server.ImplicitTls)
            {
                connection.SessionOptions.SecureSocketLayer = true;
                return connection;
            }

            // libldap connects on the first operation; StartTLS needs that connection, and the root DSE says whether the
            // server offers StartTLS at all (read before any bind, so nothing secret crosses in the clear).
            var rootDse = (SearchResponse)connection.SendRequest(new SearchRequest(string.Empty, "(objectClass=*)", SearchScope.Base, "supportedExtension"));
            if (rootDse.Entries.Count == 1 && rootDse.Entries[0].Attributes.Contains("supportedExtension")
                && !rootDse.Entries[0].Attributes["supportedExtension"].GetValues(typeof(string)).Contains(StartTlsOid))
            {
                throw new ServerUnusableException("it does not offer StartTLS; the hub never sends passwords in the clear. Use ldaps:// or enable TLS on the server.");
            }

            StartTls(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // slapd may still count the root DSE search as outstanding when StartTLS arrives and answer operationsError
    // ("cannot start TLS when operations are outstanding", seen about once in 300 here). The refused request leaves the
    // connection as it was (RFC 4511 section 4.14.2), so asking again on it is safe.
    private static void StartTls(LdapConnection connection)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                connection.SessionOptions.StartTransportLayerSecurity(null);
                return;
            }
            catch (TlsOperationException ex) when (attempt < MaxStartTlsAttempts && ex.Response?.ResultCode == ResultCode.OperationsError)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(20 * attempt));
            }
        }
    }
}
