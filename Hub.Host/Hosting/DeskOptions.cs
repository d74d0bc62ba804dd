namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The service desk's sessions (<c>Hub:Desk</c>).</summary>
internal sealed record DeskOptions
{
    /// <summary>
    /// How long a desk session, once checked against the user table (role, password, disabled, deleted, signed out),
    /// is trusted without asking the store again. A change made by another process or node takes effect within it;
    /// a sign-out in this process takes effect at once.
    /// </summary>
    /// <value>The default value is 5 seconds; 0 checks on every request.</value>
    public TimeSpan SessionCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a desk session lasts without use (the cookie slides while it is used).</summary>
    /// <value>The default value is 10 hours.</value>
    public TimeSpan SessionDuration { get; init; } = TimeSpan.FromHours(10);

    /// <summary>Sign-in from the site's directory (LDAP); off unless its Servers are set.</summary>
    public DeskLdapOptions Ldap { get; init; } = new();
}
