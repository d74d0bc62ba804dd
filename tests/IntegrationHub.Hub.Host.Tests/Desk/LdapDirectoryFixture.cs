using System.Globalization;
using IntegrationHub.Tests.Common.Ldap;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>
/// One real slapd per test class: people (one per case: each role, no mapped group, locked by ppolicy, one to remove
/// from a group), the groups, the hub's service account, and the settings that point a hub at it.
/// </summary>
public sealed class LdapDirectoryFixture : IAsyncLifetime
{
    public const string People = "ou=people," + SlapdServer.Suffix;
    public const string Groups = "ou=groups," + SlapdServer.Suffix;
    public const string ServiceDn = "cn=hub,ou=services," + SlapdServer.Suffix;

    private SlapdServer? _slapd;

    public SlapdServer Slapd => _slapd ?? throw new InvalidOperationException("slapd is not started.");

    public string ServicePasswordFile => Path.Combine(Slapd.Folder, "hub-bind-password");

    /// <summary>Each directory user's password.</summary>
    public static string PasswordOf(string uid) => uid + "-directory-pw";

    public static string Dn(string uid) => $"uid={uid},{People}";

    public static string GroupDn(string cn) => $"cn={cn},{Groups}";

    /// <summary>A port on which nothing listens: a directory that is down.</summary>
    public static string DownUrl => $"ldap://127.0.0.1:{LoopbackPort.GetFree()}";

    public async Task InitializeAsync()
    {
        _slapd = await SlapdServer.StartAsync(Ldif());
        await File.WriteAllTextAsync(ServicePasswordFile, "hub-service-pw\n");
    }

    public async Task DisposeAsync()
    {
        if (_slapd is not null)
        {
            await _slapd.DisposeAsync();
        }
    }

    /// <summary>Settings of a hub that signs desk users in from this slapd; <paramref name="servers"/> replace the StartTLS URL.</summary>
    public string[] HubSettings(string? caDirectory = null, params string[] servers)
    {
        string[] urls = servers.Length == 0 ? [Slapd.StartTlsUrl] : servers;
        return
        [
            .. urls.Select((url, i) => $"--Hub:Desk:Ldap:Servers:{i}={url}"),
            $"--Hub:Desk:Ldap:CaDirectory={caDirectory ?? Slapd.TrustedCaDirectory}",
            $"--Hub:Desk:Ldap:BindDn={ServiceDn}",
            $"--Hub:Desk:Ldap:BindPasswordFile={ServicePasswordFile}",
            $"--Hub:Desk:Ldap:UserSearchBase={People}",
            $"--Hub:Desk:Ldap:GroupSearchBase={Groups}",
            $"--Hub:Desk:Ldap:GroupRoles:0:Group={GroupDn("desk-agents")}",
            "--Hub:Desk:Ldap:GroupRoles:0:Role=Agent",
            // Spelt as an administrator might: other case, spaces after the commas.
            $"--Hub:Desk:Ldap:GroupRoles:1:Group=CN=Desk-Supervisors, ou=groups, {SlapdServer.Suffix}",
            "--Hub:Desk:Ldap:GroupRoles:1:Role=Supervisor",
            $"--Hub:Desk:Ldap:GroupRoles:2:Group={GroupDn("desk-admins")}",
            "--Hub:Desk:Ldap:GroupRoles:2:Role=Admin",
            "--Hub:Desk:SessionCheckInterval=00:00:00",
        ];
    }

    private static string Ldif()
    {
        var ldif = new System.Text.StringBuilder($"""
            dn: {SlapdServer.Suffix}
            objectClass: dcObject
            objectClass: organization
            o: plant
            dc: plant

            dn: ou=people,{SlapdServer.Suffix}
            objectClass: organizationalUnit
            ou: people

            dn: ou=groups,{SlapdServer.Suffix}
            objectClass: organizationalUnit
            ou: groups

            dn: ou=services,{SlapdServer.Suffix}
            objectClass: organizationalUnit
            ou: services

            dn: ou=policies,{SlapdServer.Suffix}
            objectClass: organizationalUnit
            ou: policies

            dn: cn=default,ou=policies,{SlapdServer.Suffix}
            objectClass: pwdPolicy
            objectClass: device
            cn: default
            pwdAttribute: userPassword
            pwdLockout: TRUE
            pwdMaxFailure: 50

            dn: {ServiceDn}
            objectClass: person
            cn: hub
            sn: service
            userPassword: hub-service-pw


            """);
        // ann agent, sam agent and supervisor, ada admin, nog in an unmapped group, lou locked, rex removed by a test.
        (string Group, string Members)[] groups = [("desk-agents", "ann sam lou rex"), ("desk-supervisors", "sam"), ("desk-admins", "ada"), ("canteen", "nog")];
        foreach (var uid in new[] { "ann", "sam", "ada", "nog", "lou", "rex" })
        {
            ldif.Append(CultureInfo.InvariantCulture, $"dn: {Dn(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\nuserPassword: {PasswordOf(uid)}\n");
            // slapadd runs no overlay: memberOf is written as the memberof overlay would keep it.
            foreach (var (group, _) in groups.Where(g => g.Members.Split(' ').Contains(uid)))
            {
                ldif.Append(CultureInfo.InvariantCulture, $"memberOf: {GroupDn(group)}\n");
            }

            if (uid == "lou")
            {
                // ppolicy's permanent lock (the administrator's lock, not one that expires).
                ldif.Append("pwdAccountLockedTime: 000001010000Z\n");
            }

            ldif.Append('\n');
        }

        foreach (var (group, members) in groups)
        {
            ldif.Append(CultureInfo.InvariantCulture, $"dn: {GroupDn(group)}\nobjectClass: groupOfNames\ncn: {group}\n");
            foreach (var member in members.Split(' '))
            {
                ldif.Append(CultureInfo.InvariantCulture, $"member: {Dn(member)}\n");
            }

            ldif.Append('\n');
        }

        return ldif.ToString();
    }
}
