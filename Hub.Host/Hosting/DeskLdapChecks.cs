using IntegrationHub.Hub.Host.Desk.Ldap;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Checks <c>Hub:Desk:Ldap</c> (issue 23 item 4); nothing is checked while its Servers are empty.</summary>
internal static class DeskLdapChecks
{
    public static void Check(DeskLdapOptions ldap, string section, List<string> errors)
    {
        string Setting(string name) => ConfigurationPath.Combine(section, name);
        if (ldap.Servers.Count == 0)
        {
            return;
        }

        for (var i = 0; i < ldap.Servers.Count; i++)
        {
            if (LdapServerAddress.TryParse(ldap.Servers[i], out _) is { } problem)
            {
                errors.Add($"{Setting(nameof(ldap.Servers))}:{i} is '{ldap.Servers[i]}': {problem}");
            }
        }

        if (ldap.CaDirectory is { } ca && !Directory.Exists(ca))
        {
            errors.Add($"{Setting(nameof(ldap.CaDirectory))} is '{ca}', which is no folder; put the PEM file of the directory's CA in a folder and name it here.");
        }

        if (string.IsNullOrWhiteSpace(ldap.BindDn) != string.IsNullOrWhiteSpace(ldap.BindPasswordFile))
        {
            errors.Add($"{Setting(nameof(ldap.BindDn))} and {Setting(nameof(ldap.BindPasswordFile))} go together: set both for a service account, or neither to search anonymously.");
        }
        else if (ldap.BindPasswordFile is { Length: > 0 } file && !File.Exists(file))
        {
            errors.Add($"{Setting(nameof(ldap.BindPasswordFile))} is '{file}', which does not exist; write the password of {ldap.BindDn} into it.");
        }

        if (string.IsNullOrWhiteSpace(ldap.UserSearchBase))
        {
            errors.Add($"{Setting(nameof(ldap.UserSearchBase))} is empty; set the DN under which users are found, for example ou=people,dc=plant,dc=example.");
        }

        RequirePlaceholder(ldap.UserFilter, Setting(nameof(ldap.UserFilter)), "the sign-in name", errors);
        if (!string.IsNullOrWhiteSpace(ldap.GroupSearchBase))
        {
            RequirePlaceholder(ldap.GroupFilter, Setting(nameof(ldap.GroupFilter)), "the user's DN", errors);
        }

        if (string.IsNullOrWhiteSpace(ldap.NameAttribute))
        {
            errors.Add($"{Setting(nameof(ldap.NameAttribute))} is empty; name the user's attribute that becomes the desk user name, for example uid.");
        }

        if (string.IsNullOrWhiteSpace(ldap.GroupSearchBase) && string.IsNullOrWhiteSpace(ldap.GroupAttribute))
        {
            errors.Add($"{Setting(nameof(ldap.GroupAttribute))} is empty and {Setting(nameof(ldap.GroupSearchBase))} is not set; set one, or no user gets a role.");
        }

        if (ldap.GroupRoles.Count == 0)
        {
            errors.Add($"{Setting(nameof(ldap.GroupRoles))} is empty; map at least one group to a desk role, for example {Setting(nameof(ldap.GroupRoles))}:0:Group=cn=desk-agents,ou=groups,dc=plant,dc=example and {Setting(nameof(ldap.GroupRoles))}:0:Role=Agent.");
        }

        for (var i = 0; i < ldap.GroupRoles.Count; i++)
        {
            var entry = ldap.GroupRoles[i];
            if (string.IsNullOrWhiteSpace(entry.Group))
            {
                errors.Add($"{Setting(nameof(ldap.GroupRoles))}:{i}:Group is empty; set the group's DN.");
            }

            if (!Enum.IsDefined(entry.Role))
            {
                errors.Add($"{Setting(nameof(ldap.GroupRoles))}:{i}:Role is '{entry.Role}'; use Agent, Supervisor or Admin.");
            }
        }

        if (ldap.Timeout <= TimeSpan.Zero || ldap.Timeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"{Setting(nameof(ldap.Timeout))} is {ldap.Timeout}. Use more than 00:00:00 and at most 00:02:00, for example 00:00:10.");
        }

        if (ldap.RecheckInterval < TimeSpan.Zero || ldap.RecheckInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{Setting(nameof(ldap.RecheckInterval))} is {ldap.RecheckInterval}. Use 00:00:00 to 01:00:00: a user removed from the directory's groups keeps a desk session this long.");
        }
    }

    private static void RequirePlaceholder(string filter, string setting, string what, List<string> errors)
    {
        if (!filter.Contains("{0}", StringComparison.Ordinal) || !filter.StartsWith('(') || !filter.EndsWith(')'))
        {
            errors.Add($"{setting} is '{filter}'; write an LDAP filter in parentheses with {{0}} where {what} goes, for example (uid={{0}}).");
        }
    }
}
