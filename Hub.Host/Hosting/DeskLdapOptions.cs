namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Desk sign-in from the site's directory (<c>Hub:Desk:Ldap</c>, issue 23 item 4): an LDAP search for the user, a bind
/// with the user's password over ldaps:// or StartTLS, and the user's groups mapped to desk roles. Off while
/// <see cref="Servers"/> is empty. Local accounts (<c>hub desk add-user</c>) keep working: docs/desk-sign-in.md.
/// </summary>
internal sealed record DeskLdapOptions
{
    /// <summary>
    /// The directory servers, tried in this order when one cannot be reached: <c>ldaps://host:636</c> (TLS from the first
    /// byte) or <c>ldap://host:389</c>, which the hub always upgrades with StartTLS (a directory that refuses StartTLS is
    /// not used: passwords never cross the network in the clear). Empty turns directory sign-in off.
    /// </summary>
    /// <value>The default value is none (directory sign-in off).</value>
    public List<string> Servers { get; init; } = [];

    /// <summary>
    /// A folder of PEM files of the CAs that signed the directory's certificate (a site's own CA), trusted in addition
    /// to the system's store; every file in it is read. The certificate must also name the host of the server URL.
    /// There is no setting that accepts any certificate. A folder that does not exist stops the hub at start. Read on
    /// Linux (libldap); on Windows the CA must be in the machine's certificate store.
    /// </summary>
    /// <value>The default value is none: the system's CA store only.</value>
    public string? CaDirectory { get; init; }

    /// <summary>The DN the hub binds with to search for users and groups, for example <c>cn=hub,ou=services,dc=plant,dc=example</c>; none searches anonymously.</summary>
    /// <value>The default value is none (anonymous search).</value>
    public string? BindDn { get; init; }

    /// <summary>A file holding the password of <see cref="BindDn"/> (one line; a final line break is ignored), readable by the hub's account only. Required with BindDn.</summary>
    /// <value>The default value is none.</value>
    public string? BindPasswordFile { get; init; }

    /// <summary>Where users are searched (the whole subtree), for example <c>ou=people,dc=plant,dc=example</c>. Required when Servers is set.</summary>
    /// <value>The default value is none.</value>
    public string? UserSearchBase { get; init; }

    /// <summary>
    /// The LDAP filter that finds one user; <c>{0}</c> is the sign-in name, escaped per RFC 4515 so <c>*</c>, <c>(</c>,
    /// <c>)</c>, <c>\</c> and NUL match only themselves. Active Directory: <c>(&amp;(objectClass=user)(sAMAccountName={0}))</c>.
    /// </summary>
    /// <value>The default value is <c>(&amp;(objectClass=inetOrgPerson)(uid={0}))</c>.</value>
    public string UserFilter { get; init; } = "(&(objectClass=inetOrgPerson)(uid={0}))";

    /// <summary>The user's attribute whose value becomes the desk user name (tickets show it); Active Directory: <c>sAMAccountName</c>.</summary>
    /// <value>The default value is <c>uid</c>.</value>
    public string NameAttribute { get; init; } = "uid";

    /// <summary>
    /// Where groups are searched for the user's memberships (with <see cref="GroupFilter"/>); none reads the user's
    /// <see cref="GroupAttribute"/> instead (OpenLDAP's memberof overlay, Active Directory).
    /// </summary>
    /// <value>The default value is none (the user's GroupAttribute is read).</value>
    public string? GroupSearchBase { get; init; }

    /// <summary>The filter of the group search; <c>{0}</c> is the user's DN, escaped per RFC 4515.</summary>
    /// <value>The default value is <c>(&amp;(objectClass=groupOfNames)(member={0}))</c>.</value>
    public string GroupFilter { get; init; } = "(&(objectClass=groupOfNames)(member={0}))";

    /// <summary>The user's attribute that lists the DNs of the user's groups, read when GroupSearchBase is not set.</summary>
    /// <value>The default value is <c>memberOf</c>.</value>
    public string GroupAttribute { get; init; } = "memberOf";

    /// <summary>
    /// Which directory group gives which desk role; group DNs compare without regard to case. A user in several mapped
    /// groups gets the highest role; a user in none is refused with the same answer as a wrong password. A list rather
    /// than a map, because a DN (with its <c>=</c> and <c>,</c>) cannot be a key of a command line or environment setting.
    /// Required when Servers is set.
    /// </summary>
    /// <value>The default value is none.</value>
    public List<DeskLdapGroupRole> GroupRoles { get; init; } = [];

    /// <summary>How long one server may take to connect or answer before the next is tried.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a directory user's desk session is checked against the directory again (found, not locked, still in
    /// a mapped group with the same role); a user removed from the groups loses the session within it. While the
    /// directory cannot be reached, sessions go on.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromMinutes(5);
}
