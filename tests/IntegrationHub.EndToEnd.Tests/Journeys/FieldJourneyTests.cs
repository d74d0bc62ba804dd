using System.Text.Json;
using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Tests.Field;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// The engineer's journey on a 360 x 740 phone screen in a real headless Chromium (issue 24 item 2): sign in, see my
/// tickets in SLA order and nobody else's, accept, on my way, arrived; write the service report while the hub cannot be
/// reached; back online, the report is sent, its first answer lost on the way back, sent again, and stored once.
/// </summary>
public abstract class FieldJourneyTests(FieldHub hub)
{
    public sealed class OnSqlite(FieldHub.OnSqlite hub) : FieldJourneyTests(hub), IClassFixture<FieldHub.OnSqlite>;

    public sealed class OnPostgreSql(FieldHub.OnPostgreSql hub) : FieldJourneyTests(hub), IClassFixture<FieldHub.OnPostgreSql>;

    private const float Timeout = 30_000;

    [Fact]
    public async Task Engineer_WorksATicketOnThePhone_TheReportWrittenOffline_IsStoredOnce()
    {
        var later = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(3));
        var soonest = await hub.NewTicketAsync("zhang.wei", null, TimeSpan.FromHours(1));
        var queued = await hub.NewTicketAsync(null, "service-desk", TimeSpan.FromHours(2));
        var linas = await hub.NewTicketAsync("li.na", null, TimeSpan.FromMinutes(20));
        await hub.RaiseAlarmAsync("SPINDLE-HOT", soonest);

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-US", ViewportSize = new() { Width = 360, Height = 740 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        var errors = Chromium.CollectErrors(page);
        await page.GotoAsync(new Uri(hub.Hub.Client.BaseAddress!, "/field/").ToString());
        await page.GetByLabel("User name").FillAsync("zhang.wei");
        await page.GetByLabel("Password").FillAsync(FieldHub.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "My tickets" }).WaitForAsync(new() { Timeout = Timeout });

        // My tickets, by SLA due: the one due first on top, the queue's ticket among mine; li.na's is not shown.
        var shown = (await page.Locator("li[data-ticket]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.ticket)")).ToList();
        Assert.Equal([soonest, queued, later], shown.Where(new[] { soonest, queued, later, linas }.Contains));
        await AssertFitsTheScreenAsync(page);
        await Chromium.ScreenshotAsync(page, "field-my-tickets");
        Assert.Empty(await Chromium.ContrastProblemsAsync(page));

        // The ticket: the machine's record, then the visit's steps, one button at a time.
        await page.Locator($"li[data-ticket='{soonest}'] a").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex(soonest) }).WaitForAsync(new() { Timeout = Timeout });
        var machine = await page.Locator("section", new() { HasText = "Machine EQ-7" }).InnerTextAsync();
        Assert.Contains("VMC-850", machine, StringComparison.Ordinal);
        Assert.Contains("SN-0042", machine, StringComparison.Ordinal);
        Assert.Contains("temperature: 87.5", machine, StringComparison.Ordinal);
        Assert.Contains("SPINDLE-HOT", machine, StringComparison.Ordinal);
        foreach (var (button, step) in new[] { ("Accept", "accept"), ("On my way", "on-my-way"), ("Arrived", "arrived") })
        {
            await page.Locator("#next-step", new() { HasText = button }).ClickAsync();
            await page.Locator($"#steps li.done[data-step='{step}']").WaitForAsync(new() { Timeout = Timeout });
        }

        await AssertFitsTheScreenAsync(page);
        Assert.DoesNotContain("null", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "field-ticket-arrived");
        Assert.Empty(await Chromium.ContrastProblemsAsync(page));

        // The hub cannot be reached: the report is kept on the phone.
        await context.SetOfflineAsync(true);
        await page.GetByLabel("Work done").FillAsync("Replaced the spindle bearing; ran the spindle 20 min, 71 °C.");
        await page.GetByLabel("Time spent (minutes)").FillAsync("95");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a part" }).First.ClickAsync();
        await page.Locator("#report-parts .item-code").FillAsync("BRG-6205");
        await page.Locator("#report-parts .quantity").FillAsync("2");
        await page.GetByLabel("Customer's name (sign-off)").FillAsync("Frau Müller");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await page.Locator("#waiting", new() { HasText = "1 report(s) waiting" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(1, await page.EvaluateAsync<int>("JSON.parse(localStorage.getItem('field.outbox') || '[]').length"));
        Assert.Empty(await ReportsAsync(soonest));
        await Chromium.ScreenshotAsync(page, "field-report-kept-offline");

        // Back online: the first send reaches the hub but its answer is lost; the page sends the report again.
        var sends = 0;
        var traffic = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/reports", StringComparison.Ordinal)) { traffic.Enqueue("request " + r.Url); } };
        page.RequestFailed += (_, r) => traffic.Enqueue("failed " + r.Url + " " + r.Failure);
        page.Response += (_, r) => { if (r.Url.Contains("/reports", StringComparison.Ordinal)) { traffic.Enqueue("response " + r.Status); } };
        await page.RouteAsync("**/reports", async route =>
        {
            if (Interlocked.Increment(ref sends) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.ContinueAsync();
        });
        await context.SetOfflineAsync(false);
        try
        {
            await WaitFor.ConditionAsync(
                async () => await page.EvaluateAsync<int>("JSON.parse(localStorage.getItem('field.outbox') || '[]').length") == 0,
                "the kept report to be sent and confirmed", TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"{e.Message} Sends seen: {sends}; flushing: {await page.EvaluateAsync<string>("String(flushing) + ' online ' + navigator.onLine")}; the outbox: {await page.EvaluateAsync<string>("localStorage.getItem('field.outbox')")}; page errors: {string.Join(" | ", errors)}; traffic: {string.Join(" | ", traffic)}; probe: {await page.EvaluateAsync<string>("fetch('/api/field/me', { signal: AbortSignal.timeout(5000) }).then(r => 'status ' + r.status, e => 'error ' + e)")}", e);
        }
        Assert.True(sends >= 2, $"the report was sent {sends} time(s); its lost answer should have made the page send it again");
        var report = Assert.Single(await ReportsAsync(soonest));
        Assert.Equal("Frau Müller", report.GetProperty("customerName").GetString());
        Assert.Equal(95, report.GetProperty("minutesSpent").GetInt32());
        Assert.Contains(hub.Hub.Logs.Entries, e => e.EventId == 2312);
        await page.Locator("#reports", new() { HasText = "Frau Müller" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await page.Locator("#outbox").IsHiddenAsync());

        await page.GetByLabel("Resolution note").FillAsync("Bearing replaced, machine back in production.");
        await page.Locator("#next-step", new() { HasText = "Resolved" }).ClickAsync();
        await page.Locator("#steps li.done[data-step='resolve']").WaitForAsync(new() { Timeout = Timeout });
        await Chromium.ScreenshotAsync(page, "field-ticket-resolved");
        Assert.DoesNotContain(errors, e => e.StartsWith("uncaught:", StringComparison.Ordinal));
    }

    private async Task<List<JsonElement>> ReportsAsync(string ticketNo)
    {
        var detail = JsonDocument.Parse(await hub.Zhang.GetStringAsync($"/api/field/tickets/{ticketNo}")).RootElement;
        return [.. detail.GetProperty("reports").EnumerateArray().Select(r => r.Clone())];
    }

    // Usable on a 360-pixel-wide screen: nothing makes the page scroll sideways.
    private static async Task AssertFitsTheScreenAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page is {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} pixels wide on a 360-pixel screen");
}
