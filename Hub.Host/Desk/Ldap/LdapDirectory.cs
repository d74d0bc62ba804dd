using System.DirectoryServices.Protocols;
using System.Net;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>
/// Desk sign-in from the site's directory (issue 23 item 4). Per attempt and server: a connection over ldaps:// or
/// StartTLS, a bind as the service account, a search for exactly one user, a refusal when the user is locked
/// (<c>pwdAccountLockedTime</c>, OpenLDAP's ppolicy and 389-DS), the user's groups mapped to a role, and last a bind with
/// the user's own DN and password. The next server is tried only when one cannot be used; a directory that answers
/// "no" is final. Passwords are never logged.
/// </summary>
internal sealed class LdapDirectory(HubOptions options, ILogger<LdapDirectory> logger)
{
    /// <summary>ppolicy's lock mark: present (any value) means the account is locked.</summary>
    public const string LockAttribute = "pwdAccountLockedTime";

    private const int MaxLoginLength = 256;

    private DeskLdapOptions Settings => options.Desk.Ldap;

    public bool Enabled => Settings.Servers.Count > 0;

    /// <summary>Checks a sign-in name and password against the directory.</summary>
    public Task<LdapOutcome> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        // An LDAP simple bind with a DN and an empty password is an "unauthenticated bind" (RFC 4513 section 5.1.2),
        // which many servers answer with success: an empty password must never reach a bind.
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(LdapOutcome.Refuse("the password is empty (an unauthenticated bind is never tried)"));
        }

        // libldap takes the password as a C string: "right\0anything" would bind as "right" (seen against slapd).
        if (password.Contains('\0', StringComparison.Ordinal))
        {
            return Task.FromResult(LdapOutcome.Refuse("the password contains NUL, where the LDAP library would cut it"));
        }

        return Task.Run(() => Ask(login, password), cancellationToken);
    }

    /// <summary>Looks a signed-in directory user up again with the service account (no password): found, unlocked, role.</summary>
    public Task<LdapOutcome> RecheckAsync(string userName, CancellationToken cancellationToken) =>
        Task.Run(() => Ask(userName, password: null), cancellationToken);

    private LdapOutcome Ask(string login, string? password)
    {
        if (login.Length == 0 || login.Length > MaxLoginLength)
        {
            return LdapOutcome.Refuse($"the sign-in name is empty or longer than {MaxLoginLength} characters");
        }

        foreach (var text in Settings.Servers)
        {
            // The settings were checked at start.
            LdapServerAddress.TryParse(text, out var server);
            try
            {
                return AskServer(server!, login, password);
            }
            catch (ServerUnusableException ex)
            {
                LdapLog.ServerUnusable(logger, server!.ToString(), ex.Message);
            }
            catch (LdapException ex)
            {
                LdapLog.ServerUnusable(logger, server!.ToString(), LdapFailures.Describe(ex, server!));
            }
            catch (DirectoryException ex)
            {
                LdapLog.ServerUnusable(logger, server!.ToString(), LdapFailures.Describe(ex));
            }
        }

        LdapLog.DirectoryDown(logger, LogText.Escape(login));
        return new LdapOutcome(LdapVerdict.Unavailable, "no directory server could be used");
    }

    private LdapOutcome AskServer(LdapServerAddress server, string login, string? password)
    {
        using var connection = LdapConnector.Open(server, Settings);
        BindService(connection);
        var entry = FindUser(connection, login, out var refusal);
        if (entry is null)
        {
            return LdapOutcome.Refuse(refusal!);
        }

        if (entry.Attributes.Contains(LockAttribute))
        {
            return LdapOutcome.Refuse($"the account {entry.DistinguishedName} is locked ({LockAttribute} is set)");
        }

        var name = FirstValue(entry, Settings.NameAttribute);
        if (string.IsNullOrWhiteSpace(name))
        {
            return LdapOutcome.Refuse($"the entry {entry.DistinguishedName} has no {Settings.NameAttribute}, which names desk users");
        }

        var role = LdapGroups.HighestRole(LdapGroups.Of(connection, entry, Settings), Settings.GroupRoles);
        if (password is not null)
        {
            try
            {
                connection.Bind(new NetworkCredential(entry.DistinguishedName, password));
            }
            catch (LdapException ex) when (ex.ErrorCode == LdapFailures.InvalidCredentials)
            {
                return LdapOutcome.Refuse("wrong password (or the directory's password policy refused the bind)");
            }
        }

        return role is { } granted
            ? new LdapOutcome(LdapVerdict.Accepted, "accepted", name, granted, server.ToString())
            : LdapOutcome.Refuse($"{entry.DistinguishedName} is in no group of Hub:Desk:Ldap:GroupRoles");
    }

    private void BindService(LdapConnection connection)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(Settings.BindDn))
            {
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
                connection.AuthType = AuthType.Basic;
                return;
            }

            connection.Bind(new NetworkCredential(Settings.BindDn, ReadBindPassword()));
        }
        catch (LdapException ex) when (ex.ErrorCode == LdapFailures.InvalidCredentials)
        {
            throw new ServerUnusableException($"the service account {Settings.BindDn ?? "(anonymous)"} was refused; check Hub:Desk:Ldap:BindDn and BindPasswordFile.");
        }
    }

    private string ReadBindPassword()
    {
        // Read at each sign-in, so a new password written to the file takes effect without a restart.
        string password;
        try
        {
            password = File.ReadAllText(Settings.BindPasswordFile!).TrimEnd('\r', '\n');
        }
        catch (IOException ex)
        {
            throw new ServerUnusableException($"Hub:Desk:Ldap:BindPasswordFile '{Settings.BindPasswordFile}' cannot be read: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ServerUnusableException($"Hub:Desk:Ldap:BindPasswordFile '{Settings.BindPasswordFile}' cannot be read: {ex.Message}");
        }

        return password.Length > 0
            ? password
            : throw new ServerUnusableException($"Hub:Desk:Ldap:BindPasswordFile '{Settings.BindPasswordFile}' is empty; an empty password would be an unauthenticated bind.");
    }

    private SearchResultEntry? FindUser(LdapConnection connection, string login, out string? refusal)
    {
        var attributes = new List<string> { Settings.NameAttribute, LockAttribute };
        if (string.IsNullOrWhiteSpace(Settings.GroupSearchBase))
        {
            attributes.Add(Settings.GroupAttribute);
        }

        // Two at most: a second match is enough to refuse.
        var request = new SearchRequest(Settings.UserSearchBase, LdapFilterText.Fill(Settings.UserFilter, login), SearchScope.Subtree, [.. attributes]) { SizeLimit = 2 };
        SearchResultEntryCollection entries;
        try
        {
            entries = ((SearchResponse)connection.SendRequest(request)).Entries;
        }
        catch (DirectoryOperationException ex) when (ex.Response.ResultCode == ResultCode.SizeLimitExceeded)
        {
            refusal = "Hub:Desk:Ldap:UserFilter matched several entries";
            return null;
        }

        refusal = entries.Count switch
        {
            0 => "no such user under Hub:Desk:Ldap:UserSearchBase",
            > 1 => "Hub:Desk:Ldap:UserFilter matched several entries",
            _ => null,
        };
        return refusal is null ? entries[0] : null;
    }

    private static string? FirstValue(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) && entry.Attributes[attribute].GetValues(typeof(string)) is [string value, ..] ? value : null;
}
