using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// The administrator's journey in headless Chromium: adapters' state, mappings' validation, a broken export row in the
/// dead letters and a replay attempt, and a portal invitation issued, used by the customer, then revoked.
/// </summary>
public abstract class AdminJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : AdminJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : AdminJourneyTests(TestStore.PostgreSql);

    private const float Timeout = 20_000;

    [Fact]
    public async Task Admin_SeesAdaptersAndMappings_ReplaysDeadLetters_IssuesAndRevokesAnInvitation()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:TokenCacheDuration=00:00:00");
        await PlantFiles.ImportAsync(hub);
        await hub.DropAsync("order_lines.csv", """
            OrderNo,LineNo,ItemCode,Description,Qty,Unit,UnitPrice,Status,ModifiedAt
            SO-A-002,2,BR-L91,Bracket,twelve,PCS,23.40,Open,2025-10-04 09:00:00

            """);
        await hub.WaitForInboxEmptyAsync();
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("root", "admin-password-1", DeskRole.Admin, CancellationToken.None);

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var errors = Chromium.CollectErrors(page);
        await BrowserDeskSignIn.OpenAdministrationAsync(page, hub, "root", "admin-password-1", Timeout);

        Assert.Contains("Running", await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "files" }).First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("All mapping files are valid.", await page.Locator("#mappings").InnerTextAsync(), StringComparison.Ordinal);
        var deadLetters = page.Locator("#dead-letters");
        Assert.Contains("twelve", await deadLetters.InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay all" }).ClickAsync();
        await page.GetByText("0 replayed, 1 still failing").WaitForAsync(new() { Timeout = Timeout });

        await page.GetByLabel("Issue a token for customer code").FillAsync("C001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue" }).ClickAsync();
        var link = await page.Locator("#issued-link").GetAttributeAsync("href", new() { Timeout = Timeout });
        Assert.Contains("/portal/#token=hubp_", link, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "desk-admin");

        // The customer opens the invitation; after the revocation their session ends.
        await using var customerContext = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var portal = await customerContext.NewPageAsync();
        await portal.GotoAsync(link!);
        await portal.GetByRole(AriaRole.Heading, new() { Name = "My orders" }).WaitForAsync(new() { Timeout = Timeout });

        // The id is shown beside the token, and shares nothing with it (issue 16 item 24).
        var tokenId = (await page.Locator("#issued-token-id").InnerTextAsync()).Trim();
        Assert.DoesNotContain(tokenId, await page.Locator("#issued-token").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke " + tokenId }).ClickAsync();
        await page.Locator("#tokens tr", new() { HasText = tokenId }).GetByRole(AriaRole.Button).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        await portal.ReloadAsync();
        await portal.GetByLabel("Portal token").WaitForAsync(new() { Timeout = Timeout });
        Assert.Empty(errors);
    }
}
