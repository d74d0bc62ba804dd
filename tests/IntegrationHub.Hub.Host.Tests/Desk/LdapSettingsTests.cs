using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Desk.Ldap;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>Issue 23 item 4: the checks of <c>Hub:Desk:Ldap</c> at start, and RFC 4515 escaping of the sign-in name.</summary>
public sealed class LdapSettingsTests
{
    private const string Section = "Hub:Desk:Ldap";

    [Fact]
    public void NoServers_DirectoryOff_NothingChecked()
    {
        Assert.Empty(Problems(new DeskLdapOptions { UserFilter = "broken" }));
    }

    [Theory]
    [InlineData("http://dc1.plant.example", "write ldaps://host:636")]
    [InlineData("dc1.plant.example:389", "write ldaps://host:636")]
    [InlineData("ldap://", "write ldaps://host:636")]
    [InlineData("ldaps://dc1/ou=people?uid", "give only the scheme, host and port")]
    [InlineData("ldap://admin:secret@dc1", "give only the scheme, host and port")]
    public void BadServerUrl_NamedWithItsIndexAndTheFix(string url, string fix)
    {
        var problem = Assert.Single(Problems(Valid() with { Servers = ["ldaps://dc0.plant.example", url] }));

        Assert.StartsWith($"{Section}:Servers:1 is '{url}'", problem, StringComparison.Ordinal);
        Assert.Contains(fix, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_ReportedAtOnce()
    {
        var options = Valid() with
        {
            CaDirectory = "/nonexistent/hub-ca",
            BindPasswordFile = null,
            UserSearchBase = " ",
            UserFilter = "uid=%s",
            GroupSearchBase = "ou=groups,dc=plant,dc=example",
            GroupFilter = "(member=*)",
            GroupRoles = [new DeskLdapGroupRole { Group = "", Role = (DeskRole)7 }],
            Timeout = TimeSpan.Zero,
            RecheckInterval = TimeSpan.FromDays(1),
        };

        var problems = Problems(options);

        foreach (var setting in new[] { "CaDirectory", "BindDn", "UserSearchBase", "UserFilter", "GroupFilter", "GroupRoles:0:Group", "GroupRoles:0:Role", "Timeout", "RecheckInterval" })
        {
            Assert.Contains(problems, p => p.StartsWith($"{Section}:{setting} ", StringComparison.Ordinal));
        }

        Assert.Equal(9, problems.Count);
    }

    [Fact]
    public void NoGroupRoles_Refused()
    {
        var problem = Assert.Single(Problems(Valid() with { GroupRoles = [] }));

        Assert.Contains("GroupRoles:0:Group=", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ann", "ann")]
    [InlineData("a*", "a\\2a")]
    [InlineData("x)(uid=*", "x\\29\\28uid=\\2a")]
    [InlineData("back\\slash", "back\\5cslash")]
    [InlineData("nul\0", "nul\\00")]
    [InlineData("王伟", "王伟")]
    public void FilterValue_EscapedPerRfc4515(string login, string escaped)
    {
        Assert.Equal(escaped, LdapFilterText.Escape(login));
        Assert.Equal($"(&(objectClass=inetOrgPerson)(uid={escaped}))", LdapFilterText.Fill("(&(objectClass=inetOrgPerson)(uid={0}))", login));
    }

    [Fact]
    public void GroupRoles_HighestMappedRoleWins_DnSpellingIgnored()
    {
        DeskLdapGroupRole[] map =
        [
            new() { Group = "cn=agents,ou=groups,dc=x", Role = DeskRole.Agent },
            new() { Group = "CN=Leads, OU=Groups, DC=x", Role = DeskRole.Supervisor },
        ];

        Assert.Equal(DeskRole.Supervisor, LdapGroups.HighestRole(["cn=leads,ou=groups,dc=x", "cn=agents,ou=groups,dc=x"], map));
        Assert.Equal(DeskRole.Agent, LdapGroups.HighestRole(["cn=agents,ou=groups,dc=x"], map));
        Assert.Null(LdapGroups.HighestRole(["cn=canteen,ou=groups,dc=x", "cn=agents,ou=groups,dc=y"], map));
    }

    [Fact]
    public void HighestRole_EngineerAndADeskGroup_TheDeskRoleWins_EngineerAlone()
    {
        DeskLdapGroupRole[] map =
        [
            new() { Group = "cn=engineers,ou=groups,dc=x", Role = DeskRole.Engineer },
            new() { Group = "cn=agents,ou=groups,dc=x", Role = DeskRole.Agent },
        ];

        Assert.Equal(DeskRole.Agent, LdapGroups.HighestRole(["cn=engineers,ou=groups,dc=x", "cn=agents,ou=groups,dc=x"], map));
        Assert.Equal(DeskRole.Engineer, LdapGroups.HighestRole(["cn=engineers,ou=groups,dc=x"], map));
    }

    private static DeskLdapOptions Valid() => new()
    {
        Servers = ["ldaps://dc1.plant.example"],
        BindDn = "cn=hub,ou=services,dc=plant,dc=example",
        BindPasswordFile = typeof(LdapSettingsTests).Assembly.Location,
        UserSearchBase = "ou=people,dc=plant,dc=example",
        GroupRoles = [new DeskLdapGroupRole { Group = "cn=desk,ou=groups,dc=plant,dc=example", Role = DeskRole.Agent }],
    };

    private static List<string> Problems(DeskLdapOptions options)
    {
        var errors = new List<string>();
        DeskLdapChecks.Check(options, Section, errors);
        return errors;
    }
}
