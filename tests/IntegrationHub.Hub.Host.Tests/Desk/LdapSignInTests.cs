using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Desk.Ldap;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>
/// Issue 23 item 4: desk sign-in from a real slapd (Debian's OpenLDAP 2.5) over StartTLS and ldaps://, groups mapped to
/// roles, and every refusal (wrong password, no mapped group, locked, unknown, hostile names, empty password, directory
/// down, untrusted certificate) giving the browser the same answer.
/// </summary>
public sealed class LdapSignInTests(LdapDirectoryFixture directory) : IClassFixture<LdapDirectoryFixture>
{
    private const string Refusal = "The user name or password is wrong, or the account is disabled.";

    [Fact]
    public async Task StartTls_EachGroupSignsInWithItsRole_AndSignOutEverywhereEndsTheSession()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings());

        var (ann, annRole) = await SignInAsync(hub, "ann", LdapDirectoryFixture.PasswordOf("ann"));
        var (_, samRole) = await SignInAsync(hub, "sam", LdapDirectoryFixture.PasswordOf("sam"));
        var (ada, adaRole) = await SignInAsync(hub, "ada", LdapDirectoryFixture.PasswordOf("ada"));

        Assert.Equal(["Agent", "Supervisor", "Admin"], new[] { annRole, samRole, adaRole });
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/api/desk/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/api/desk/admin/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/api/desk/admin/tokens")).StatusCode);
        Assert.Equal(3, hub.Logs.Entries.Count(e => e.EventId == 1850));

        var (code, output, error) = await hub.RunCommandAsync("desk", "sign-out", "--username", "ann");
        Assert.True(code == 0, error + output);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ann.GetAsync("/api/desk/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/api/desk/tickets")).StatusCode);
        AssertNoPasswordLogged(hub);
    }

    [Fact]
    public async Task MemberOfAttribute_InsteadOfAGroupSearch_GivesTheHighestRole()
    {
        await using var hub = await TestHub.StartAsync([.. directory.HubSettings(), "--Hub:Desk:Ldap:GroupSearchBase="]);

        var (_, role) = await SignInAsync(hub, "sam", LdapDirectoryFixture.PasswordOf("sam"));
        await RefusedAsync(hub, "nog", LdapDirectoryFixture.PasswordOf("nog"));

        Assert.Equal("Supervisor", role);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1851 && e.Message.Contains("in no group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirstServerDown_SecondOverLdaps_SignsIn()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings(null, LdapDirectoryFixture.DownUrl, directory.Slapd.LdapsUrl));

        var (_, role) = await SignInAsync(hub, "sam", LdapDirectoryFixture.PasswordOf("sam"));

        Assert.Equal("Supervisor", role);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1852 && e.Message.Contains("nothing answers", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 1853);
    }

    [Theory]
    [InlineData("ann", "not-anns-password", "wrong password")]
    [InlineData("nog", null, "in no group")]
    [InlineData("lou", null, "is locked")]
    [InlineData("nobody", "whatever-password", "no such user")]
    public async Task Refused_SameAnswerAsAWrongPassword_LogSaysWhy(string user, string? password, string reason)
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings());

        var body = await RefusedAsync(hub, user, password ?? LdapDirectoryFixture.PasswordOf(user));

        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1851 && e.Message.Contains(reason, StringComparison.Ordinal));
        Assert.Empty(hub.Logs.Errors);
        Assert.Equal(Refusal, body);
        AssertNoPasswordLogged(hub);
    }

    [Fact]
    public async Task EmptyPassword_RefusedBeforeAnyBind_ThoughTheServerWouldAcceptIt()
    {
        // The hole exists on this server: a DN with an empty password is an unauthenticated bind, and slapd says yes.
        var (whoAmICode, whoAmI) = await directory.Slapd.WhoAmIAsync(LdapDirectoryFixture.Dn("ada"), string.Empty);
        Assert.True(whoAmICode == 0, whoAmI);
        await using var hub = await TestHub.StartAsync(directory.HubSettings());

        var outcome = await hub.Services.GetRequiredService<LdapDirectory>().SignInAsync("ada", string.Empty, CancellationToken.None);
        await RefusedAsync(hub, "ada", string.Empty);

        Assert.Equal(LdapVerdict.Refused, outcome.Verdict);
        Assert.Contains("empty", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 1850);
    }

    [Theory]
    [InlineData("an*")]
    [InlineData("*")]
    [InlineData("ann)(uid=*")]
    [InlineData("ann\\")]
    [InlineData("ann\0")]
    [InlineData("(ann)")]
    public async Task HostileSignInName_MatchesOnlyItself_RefusedCleanly(string login)
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings());

        // ann's real password: a filter that widened to ann would let it in.
        await RefusedAsync(hub, login, LdapDirectoryFixture.PasswordOf("ann"));

        Assert.True(hub.Logs.Entries.Any(e => e.EventId == 1851 && e.Message.Contains("no such user", StringComparison.Ordinal)), hub.Logs.ToString());
        Assert.Empty(hub.Logs.Errors);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId is 1850 or 1852);
    }

    [Fact]
    public async Task RightPasswordFollowedByNul_Refused_NotCutAtTheNul()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings());

        // A C library reads a password up to its first NUL: "right\0anything" must not pass as "right".
        await RefusedAsync(hub, "ann", LdapDirectoryFixture.PasswordOf("ann") + "\0anything");

        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1851 && e.Message.Contains("NUL", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 1850);
    }

    [Fact]
    public async Task HugeSignInName_RefusedBeforeTheDirectory()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings());

        await RefusedAsync(hub, new string('a', 100_000), LdapDirectoryFixture.PasswordOf("ann"));

        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1851 && e.Message.Contains("longer than 256", StringComparison.Ordinal));
        Assert.Empty(hub.Logs.Errors);
    }

    [Fact]
    public async Task DirectoryDown_SameRefusal_ClearLog_LocalAccountStillSignsIn()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings(null, LdapDirectoryFixture.DownUrl));
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("emergency", "emergency-password-1", DeskRole.Admin, CancellationToken.None);

        var body = await RefusedAsync(hub, "ann", LdapDirectoryFixture.PasswordOf("ann"));
        var (_, role) = await SignInAsync(hub, "emergency", "emergency-password-1");

        Assert.Equal(Refusal, body);
        Assert.Equal("Admin", role);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1853 && e.Level == LogLevel.Error);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1852 && e.Message.Contains("nothing answers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CertificateOfAnotherCa_Refused_LogPointsAtTheCertificate()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings(directory.Slapd.UntrustedCaDirectory, directory.Slapd.LdapsUrl));

        await RefusedAsync(hub, "ann", LdapDirectoryFixture.PasswordOf("ann"));

        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1852 && e.Message.Contains("TLS handshake failed", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 1850);
    }

    [Fact]
    public async Task LocalAccountOfTheSameName_IsTheOnlyOneChecked()
    {
        await using var hub = await TestHub.StartAsync(directory.HubSettings());
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("sam", "local-sam-password", DeskRole.Agent, CancellationToken.None);

        await RefusedAsync(hub, "sam", LdapDirectoryFixture.PasswordOf("sam"));
        var (_, role) = await SignInAsync(hub, "sam", "local-sam-password");

        Assert.Equal("Agent", role);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId is 1850 or 1851);
    }

    [Fact]
    public async Task RemovedFromTheGroup_SessionEndsAtTheRecheck_AndSignInIsRefused()
    {
        await using var hub = await TestHub.StartAsync([.. directory.HubSettings(), "--Hub:Desk:Ldap:RecheckInterval=00:00:00"]);
        var (rex, _) = await SignInAsync(hub, "rex", LdapDirectoryFixture.PasswordOf("rex"));
        Assert.Equal(HttpStatusCode.OK, (await rex.GetAsync("/api/desk/tickets")).StatusCode);

        await directory.Slapd.ModifyAsync(
            $"dn: {LdapDirectoryFixture.GroupDn("desk-agents")}\nchangetype: modify\ndelete: member\nmember: {LdapDirectoryFixture.Dn("rex")}\n");

        Assert.Equal(HttpStatusCode.Unauthorized, (await rex.GetAsync("/api/desk/tickets")).StatusCode);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1854 && e.Message.Contains("in no group", StringComparison.Ordinal));
        await RefusedAsync(hub, "rex", LdapDirectoryFixture.PasswordOf("rex"));
    }

    private static async Task<(HttpClient Client, string Role)> SignInAsync(TestHub hub, string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        using var response = await client.PostAsJsonAsync("/api/desk/sign-in", new { userName = user, password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{user}: {text}\n{hub.Logs}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(user, body.GetProperty("userName").GetString());
        return (client, body.GetProperty("role").GetString()!);
    }

    /// <summary>Asserts a 401 with the one refusal text; returns the message.</summary>
    private static async Task<string> RefusedAsync(TestHub hub, string user, string password)
    {
        using var client = new HttpClient { BaseAddress = hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        using var response = await client.PostAsJsonAsync("/api/desk/sign-in", new { userName = user, password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{user}: {(int)response.StatusCode} {text}\n{hub.Logs}");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!;
    }

    private static void AssertNoPasswordLogged(TestHub hub)
    {
        var logs = hub.Logs.ToString();
        Assert.DoesNotContain("-directory-pw", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("hub-service-pw", logs, StringComparison.Ordinal);
    }
}
