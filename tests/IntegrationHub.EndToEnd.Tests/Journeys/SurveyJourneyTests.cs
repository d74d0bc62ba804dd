using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// Issue 24 item 5 in headless Chromium: the customer opens the survey link of the resolve mail (no portal sign-in),
/// answers with a low score and a comment that is markup, cannot answer twice; the supervisor sees the answer on the
/// desk's survey page, the comment as text, and the follow-up ticket in the queue.
/// </summary>
public abstract partial class SurveyJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : SurveyJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SurveyJourneyTests(TestStore.PostgreSql);

    private const float Timeout = 20_000;

    private const string Markup = "<img src=x onerror=document.title='owned'> too slow";

    [GeneratedRegex(@"/portal/survey\.html#[A-Za-z0-9_-]+")]
    private static partial Regex SurveyPath();

    [Fact]
    public async Task Customer_AnswersTheSurveyFromTheMail_AndTheSupervisorSeesItOnTheDesk()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var hub = await TestHub.StartInAsync(testStore, RulesHub.PrepareFolder("""
            rules:
              - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, raiseAfter: "00:00:30", code: OVERHEAT, severity: major }
            """), RulesHub.Settings(smtp));
        await RulesHub.SeedCustomersAsync(hub);
        var t0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);
        await RulesHub.ReadingsAsync(hub, "EQ-2", "temperature", (t0, 95), (t0.AddSeconds(31), 97));
        using var agent = await RulesHub.SignInAsync(hub, "li.agent", "agent");
        string? no = null;
        await RulesHub.WaitForAsync(async () =>
        {
            no = (await agent.GetFromJsonAsync<JsonElement>("/api/desk/tickets")).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("ticket").GetProperty("ticketNo").GetString()).FirstOrDefault();
            return no is not null;
        }, "the overheat ticket");
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/desk/tickets/{no}/resolve", new { note = "fan replaced" })).StatusCode);
        string? path = null;
        await RulesHub.WaitForAsync(() =>
        {
            path = smtp.Messages().Where(m => m.RcptTo.Contains("ops@acme.test")).Select(m => SurveyPath().Match(m.Body)).FirstOrDefault(m => m.Success)?.Value;
            return Task.FromResult(path is not null);
        }, "the survey mail");
        await RulesHub.SignInAsync(hub, "wang.sup", "supervisor");

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var customer = await context.NewPageAsync();
        var errors = Chromium.CollectErrors(customer);
        var link = new Uri(hub.Client.BaseAddress!, path).ToString();
        await customer.GotoAsync(link);
        await customer.GetByRole(AriaRole.Heading, new() { Name = $"How did we do on ticket {no} (machine EQ-2)?" }).WaitForAsync(new() { Timeout = Timeout });
        await customer.Locator("label:has(#rating-2)").ClickAsync();
        await customer.Locator("label:has(#score-3)").ClickAsync();
        await customer.GetByLabel("Anything else you would like to tell us? (optional)").FillAsync(Markup);
        await Chromium.ScreenshotAsync(customer, "portal-survey");
        await customer.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await customer.Locator("#survey-thanks").WaitForAsync(new() { Timeout = Timeout });

        // The same link again: it worked once.
        var again = await context.NewPageAsync();
        await again.GotoAsync(link);
        await again.Locator("#survey-unknown").WaitForAsync(new() { Timeout = Timeout });

        var desk = await context.NewPageAsync();
        var deskErrors = Chromium.CollectErrors(desk);
        await BrowserDeskSignIn.SignInAsync(desk, hub, "wang.sup", RulesHub.DeskPassword);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Satisfaction surveys" }).ClickAsync();
        await desk.GetByRole(AriaRole.Heading, new() { Name = "Satisfaction surveys" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("All answers: 1 · CSAT 0 · NPS -100", await desk.Locator("#survey-total").InnerTextAsync());
        var answers = await desk.Locator("#survey-answers").InnerTextAsync();
        Assert.Contains(Markup, answers, StringComparison.Ordinal);
        Assert.Contains("2 (low)", answers, StringComparison.Ordinal);
        Assert.Equal(0, await desk.Locator("#survey-answers img").CountAsync());
        await Chromium.ScreenshotAsync(desk, "desk-surveys");
        await desk.GetByRole(AriaRole.Link, new() { Name = "← Back to the queue" }).ClickAsync();
        await desk.Locator("td", new() { HasText = "survey:" + no }).WaitForAsync(new() { Timeout = Timeout });
        Assert.NotEqual("owned", await desk.TitleAsync());
        Assert.NotEqual("owned", await customer.TitleAsync());
        Assert.Empty(errors);
        Assert.Empty(deskErrors);
    }
}
