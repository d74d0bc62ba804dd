using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Desk;

/// <summary>
/// Issue 16 item 3: a desk session is checked against the user table and ends on sign-out. The hub checks on every
/// request here (<c>Hub:Desk:SessionCheckInterval=0</c>); the cache is tested on its own with a fake clock.
/// </summary>
public abstract class DeskSessionTests(TestStore testStore)
{
    public sealed class OnSqlite() : DeskSessionTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : DeskSessionTests(TestStore.PostgreSql);

    private const string Password = "desk-password-123";
    private static readonly string[] EveryRequestChecked = ["--Hub:Desk:SessionCheckInterval=00:00:00"];

    [Fact]
    public async Task Demote_NextRequestLosesTheOldRole_AndANewSignInHasTheNewOne()
    {
        await using var hub = await TestHub.StartAsync(testStore, EveryRequestChecked);
        var (admin, _) = await SignInAsync(hub, "ann", DeskRole.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/desk/admin/tokens")).StatusCode);

        var (code, _, error) = await hub.RunCommandAsync("desk", "set-role", "--username", "ann", "--role", "agent");
        Assert.True(code == 0, error);

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/desk/admin/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.GetAsync("/api/desk/me")).StatusCode);
        using var signIn = await admin.PostAsJsonAsync("/api/desk/sign-in", new { userName = "ann", password = Password });
        Assert.Equal("Agent", (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/desk/admin/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/desk/tickets")).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_OldCookieRefused_NewPasswordSignsIn()
    {
        await using var hub = await TestHub.StartAsync(testStore, EveryRequestChecked);
        var (agent, _) = await SignInAsync(hub, "bob", DeskRole.Agent);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/desk/tickets")).StatusCode);

        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("bob", "another-password-456", DeskRole.Agent, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/desk/tickets")).StatusCode);
        using var signIn = await agent.PostAsJsonAsync("/api/desk/sign-in", new { userName = "bob", password = "another-password-456" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/desk/tickets")).StatusCode);
    }

    [Theory]
    [InlineData("disable-user")]
    [InlineData("delete-user")]
    [InlineData("sign-out")]
    public async Task UserDisabledDeletedOrSignedOutEverywhere_EverySessionRefused(string command)
    {
        await using var hub = await TestHub.StartAsync(testStore, EveryRequestChecked);
        var (first, _) = await SignInAsync(hub, "cao", DeskRole.Supervisor);
        var (second, _) = await SignInAsync(hub, "cao", DeskRole.Supervisor, setUser: false);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/desk/tickets")).StatusCode);

        var (code, output, error) = await hub.RunCommandAsync("desk", command, "--username", "cao");

        Assert.True(code == 0, error);
        Assert.Contains("sessions have ended", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/desk/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/desk/tickets")).StatusCode);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 2131);
    }

    [Fact]
    public async Task SignOut_ThenReplayTheSavedCookie_Unauthorized()
    {
        // The default check interval: sign-out in this process must take effect at once, cache or not.
        await using var hub = await TestHub.StartAsync(testStore);
        var (desk, cookie) = await SignInAsync(hub, "dai", DeskRole.Admin);
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = hub.Client.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        replay.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/api/desk/tickets")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await desk.PostAsync("/api/desk/sign-out", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/desk/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/desk/admin/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await replay.GetAsync("/api/desk/me")).StatusCode);
    }

    [Fact]
    public async Task UnknownUserCommand_FailsWithAClearMessage()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        var (code, _, error) = await hub.RunCommandAsync("desk", "disable-user", "--username", "nobody");

        Assert.Equal(1, code);
        Assert.Contains("no desk user 'nobody'", error, StringComparison.Ordinal);
    }

    private static Task<(HttpClient Client, string Cookie)> SignInAsync(TestHub hub, string user, DeskRole role, bool setUser = true) =>
        TestDeskSignIn.SignInAsync(hub, user, Password, role, setUser);
}
