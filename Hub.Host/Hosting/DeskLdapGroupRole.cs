using IntegrationHub.Hub.Host.Desk;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>One entry of <c>Hub:Desk:Ldap:GroupRoles</c>: the members of a directory group get a desk role.</summary>
internal sealed record DeskLdapGroupRole
{
    /// <summary>The group's DN, for example <c>cn=desk-agents,ou=groups,dc=plant,dc=example</c>.</summary>
    /// <value>The default value is none (required).</value>
    public string? Group { get; init; }

    /// <summary>
    /// The desk role of its members: <c>Agent</c>, <c>Supervisor</c>, <c>Admin</c>, or <c>Engineer</c> (the phone page
    /// <c>/field/</c> only; a member of a desk role's group too gets the desk role).
    /// </summary>
    /// <value>The default value is <c>Agent</c>.</value>
    public DeskRole Role { get; init; } = DeskRole.Agent;
}
