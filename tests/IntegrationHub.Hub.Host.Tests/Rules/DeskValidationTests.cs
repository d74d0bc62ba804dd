using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 16 item 25 in a real hub: a 5 MB desk comment was stored and a ticket could be assigned to a name that is
/// nobody. Limits and known assignees are checked before the ticket is touched, with a 400 that says why.
/// </summary>
public abstract class DeskValidationTests(TestStore testStore)
{
    public sealed class OnSqlite() : DeskValidationTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : DeskValidationTests(TestStore.PostgreSql);


    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [Fact]
    public async Task TicketActions_OverLimitTextOrUnknownAssignee_Are400AndChangeNothing()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder(TestRules.Overheat), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        await RulesHub.ReadingsAsync(hub, "EQ-1", "temperature", (T0, 95), (T0.AddSeconds(31), 97));
        using var agent = await RulesHub.SignInAsync(hub, "li.agent", "agent");
        using var supervisor = await RulesHub.SignInAsync(hub, "wang.sup", "supervisor");
        var no = await TicketNoAsync(agent, "EQ-1");
        var huge = new string('x', 5 * 1024 * 1024);
        var before = Actions(await DetailAsync(agent, no));

        await AssertRefusedAsync(await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/comment", new { text = huge }), "too_long", "5242880 characters long; the limit is 4000");
        await AssertRefusedAsync(await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/comment", new { text = "part ordered\u001b[2J" }), "invalid_text", "U+001B");
        await AssertRefusedAsync(await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/resolve", new { note = huge }), "too_long", "the limit is 4000");
        await AssertRefusedAsync(await supervisor.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "nobody.here" }), "unknown_assignee", "'nobody.here'");
        await AssertRefusedAsync(await supervisor.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "zhang.wei", reason = huge }), "too_long", "the limit is 500");

        var untouched = await DetailAsync(agent, no);
        Assert.Equal("zhang.wei", untouched.GetProperty("ticket").GetProperty("assignee").GetString());
        Assert.NotEqual("Resolved", untouched.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal(before, Actions(untouched));

        // At the limit, and to each kind of known assignee: a roster engineer, a desk user, the fallback queue.
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/comment", new { text = new string('x', 4000) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/comment", new { text = "line one\r\nline two\ttabbed" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "li.agent", reason = "on site" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "service-desk" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/desk/tickets/{no}/assign", new { assignee = "zhang.wei" })).StatusCode);
        Assert.Equal([.. before, "comment", "comment", "assigned", "assigned", "assigned"], Actions(await DetailAsync(agent, no)));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string error, string message)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Equal(error, json.GetProperty("error").GetString());
            Assert.Contains(message, json.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.True(body.Length < 1000, $"the error repeats the request: {body.Length} characters");
        }
    }

    private static async Task<string> TicketNoAsync(HttpClient desk, string asset)
    {
        JsonElement[] items = [];
        await RulesHub.WaitForAsync(async () =>
        {
            items = [.. (await desk.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("ticket").GetProperty("assetId").GetString() == asset)];
            return items.Length > 0;
        }, $"a ticket for {asset}", TimeSpan.FromSeconds(120));
        return Assert.Single(items).GetProperty("ticket").GetProperty("ticketNo").GetString()!;
    }

    private static Task<JsonElement> DetailAsync(HttpClient desk, string no) => desk.GetFromJsonAsync<JsonElement>($"/api/desk/tickets/{no}");

    private static List<string?> Actions(JsonElement detail) =>
        [.. detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString())];
}
