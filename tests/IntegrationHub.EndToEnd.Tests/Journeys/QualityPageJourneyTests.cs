using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// Issue 23 item 6 in headless Chromium: the administrator opens the data-quality page from the admin page and sees the
/// metrics, a duplicate pair with its evidence, and an invalid phone; a customer name that is markup stays text.
/// </summary>
public abstract class QualityPageJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : QualityPageJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : QualityPageJourneyTests(TestStore.PostgreSql);

    private const float Timeout = 20_000;

    [Fact]
    public async Task Admin_OpensDataQuality_SeesTheDuplicateWithItsEvidenceAndTheInvalidPhone()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        await hub.DropAsync("customers-crm.csv", """
            CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt,Address,Notes
            K-001,苏 州 精 功 机 械 有 限 公 司,Standard,华东,,0512-60001000,zh-CN,2025-10-02 08:00:00,,月结60天
            K-003,"<img src=x onerror=document.title='owned'>有限公司",Standard,华东,,电话待补,zh-CN,2025-10-02 08:00:00,,

            """);
        await hub.WaitForInboxEmptyAsync();
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("root", "admin-password-1", DeskRole.Admin, CancellationToken.None);

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var errors = Chromium.CollectErrors(page);
        await BrowserDeskSignIn.OpenAdministrationAsync(page, hub, "root", "admin-password-1", Timeout);
        await page.GetByRole(AriaRole.Link, new() { Name = "Data quality" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Data quality" }).WaitForAsync(new() { Timeout = Timeout });

        var duplicates = await page.Locator("#quality-duplicates").InnerTextAsync();
        Assert.Contains("Probable duplicate customers (1)", duplicates, StringComparison.Ordinal);
        Assert.Contains("C001 苏州精工机械有限公司", duplicates, StringComparison.Ordinal);
        Assert.Contains("names one character apart ('精工机械' / '精功机械')", duplicates, StringComparison.Ordinal);
        Assert.Contains("same phone +86 512 60001000", duplicates, StringComparison.Ordinal);
        Assert.Contains("K-001: 月结60天", duplicates, StringComparison.Ordinal);
        var invalid = await page.Locator("#quality-invalid").InnerTextAsync();
        Assert.Contains("电话待补", invalid, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=document.title='owned'>有限公司", invalid, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#quality-invalid img").CountAsync());
        Assert.Contains("RED", (await page.Locator("#quality-metrics tr", new() { HasText = "customers.phone.invalid" }).InnerTextAsync()).ToUpperInvariant(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "desk-data-quality");
        Assert.NotEqual("owned", await page.TitleAsync());
        Assert.Empty(errors);
    }
}
