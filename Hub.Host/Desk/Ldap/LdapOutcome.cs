namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>What the directory said about a sign-in or a session's recheck.</summary>
internal enum LdapVerdict
{
    /// <summary>The user was found, is not locked, is in a mapped group and (for a sign-in) gave the right password.</summary>
    Accepted,

    /// <summary>The directory answered and the user may not sign in; <see cref="LdapOutcome.Reason"/> says why, for the log only.</summary>
    Refused,

    /// <summary>No directory server could be used (down, TLS not trusted, service account refused).</summary>
    Unavailable,
}

/// <summary>The directory's answer: the desk name and role when accepted; otherwise why not (for the log, never the browser).</summary>
internal sealed record LdapOutcome(LdapVerdict Verdict, string Reason, string? UserName = null, DeskRole Role = DeskRole.Agent, string? Server = null)
{
    public static LdapOutcome Refuse(string reason) => new(LdapVerdict.Refused, reason);
}
