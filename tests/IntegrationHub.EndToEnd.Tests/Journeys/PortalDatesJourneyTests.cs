using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// Issue 16 item 28: a date without a time (ordered, promised) is the date the plant wrote, in any browser's zone. The
/// demo ERP's dates are read in Asia/Shanghai: 2025/10/01 and 20251031 are midnight there, the evening before in UTC
/// and in Los Angeles, where the page showed the day before.
/// </summary>
public abstract class PortalDatesJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : PortalDatesJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PortalDatesJourneyTests(TestStore.PostgreSql);

    private const float Timeout = 20_000;

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/Los_Angeles")]
    [InlineData("Asia/Shanghai")]
    public async Task OrderAndPromisedDates_ShowThePlantsDate_InAnyBrowserZone(string browserZone)
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", TimezoneId = browserZone });
        var page = await context.NewPageAsync();
        var scriptErrors = Chromium.CollectErrors(page);
        Assert.Equal(browserZone, await page.EvaluateAsync<string>("Intl.DateTimeFormat().resolvedOptions().timeZone"));

        await page.GotoAsync(new Uri(hub.Client.BaseAddress!, "/portal/#token=" + token).ToString());
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "SO-A-001" }) });
        await row.WaitForAsync(new() { Timeout = Timeout });
        Assert.Contains("Oct 1, 2025", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Sep 30, 2025", await row.InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "SO-A-001" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Order SO-A-001" }).WaitForAsync(new() { Timeout = Timeout });

        Assert.Equal("Oct 31, 2025", (await page.Locator("#promised").InnerTextAsync()).Trim());
        Assert.Empty(scriptErrors);
    }
}
