using System.Net;
using System.Net.Http.Json;
using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// The customer's journey in a real headless Chromium against a real hub: the invitation link signs them in, they
/// find their order, and watch it move to Shipped when the WMS export arrives, without reloading the page.
/// </summary>
public abstract class PortalJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : PortalJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : PortalJourneyTests(TestStore.PostgreSql);

    // A hang guard for each wait on the page, not a bound: a busy machine may take long.
    private static readonly float Timeout = 60_000;

    [Fact]
    public async Task Customer_FindsTheirOrder_AndWatchesItMoveToShipped_WhenTheWmsDataArrives()
    {
        await using var hub = await TestHub.StartAsync(testStore, "--Hub:Portal:LiveInterval=00:00:00.250");
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var scriptErrors = Chromium.CollectErrors(page);

        // The invitation link carries the token in the fragment, which never reaches the server's logs.
        await page.GotoAsync(new Uri(hub.Client.BaseAddress!, "/portal/#token=" + token).ToString());
        await WaitOrExplainAsync(page.GetByRole(AriaRole.Heading, new() { Name = "My orders" }), scriptErrors);
        Assert.Equal(new Uri(hub.Client.BaseAddress!, "/portal/#/").ToString(), page.Url);
        Assert.Contains("苏州精工机械有限公司", await page.Locator("#who").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("hub_portal", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "hub_portal");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await Chromium.ScreenshotAsync(page, "portal-orders");
        Assert.Empty(await Chromium.ContrastProblemsAsync(page));
        // The check itself: pale grey on white is reported.
        await page.EvaluateAsync("() => { const p = document.createElement('p'); p.id = 'pale'; p.style.color = '#bbbbbb'; p.textContent = 'pale text'; document.querySelector('main').append(p); }");
        Assert.Contains(await Chromium.ContrastProblemsAsync(page), p => p.StartsWith("pale text: 1.", StringComparison.Ordinal));
        await page.EvaluateAsync("() => document.getElementById('pale').remove()");

        // Search by item code finds the order; the link opens its page.
        await page.GetByLabel("Search by order number or item code").FillAsync("FL-200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "SO-A-002" }).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        await page.GetByRole(AriaRole.Link, new() { Name = "SO-A-001" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Order SO-A-001" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("In production", await page.Locator("#stage").InnerTextAsync());
        Assert.Equal("40%", await page.Locator("#percent").InnerTextAsync());
        Assert.Equal("Live", await WaitForTextAsync(page.Locator("#live"), "Live"));
        await page.EvaluateAsync("window.__notReloaded = true");
        await Chromium.ScreenshotAsync(page, "portal-order-in-production");

        // The WMS export arrives; the open page follows by itself.
        await hub.DropAsync("shipments.csv", PlantFiles.Shipments);
        Assert.Equal("Shipped", await WaitForTextAsync(page.Locator("#stage"), "Shipped"));
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"));
        await page.GetByRole(AriaRole.Cell, new() { Name = "SF123456789" }).WaitForAsync(new() { Timeout = Timeout });
        await Chromium.ScreenshotAsync(page, "portal-order-shipped");
        Assert.Empty(await Chromium.ContrastProblemsAsync(page));

        // The same page in Chinese, on a phone-sized screen.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Button, new() { Name = "English → 中文" }).ClickAsync();
        Assert.Equal("已发货", await WaitForTextAsync(page.Locator("#stage"), "已发货"));
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The order page scrolls sideways on a phone.");
        await Chromium.ScreenshotAsync(page, "portal-order-shipped-zh-phone");
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task AnotherCustomersOrder_TamperedCookie_AndKeyboardSignIn()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        await PlantFiles.ImportAsync(hub);
        var token = await hub.IssueTokenAsync("C001");
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var scriptErrors = Chromium.CollectErrors(page);
        var portal = new Uri(hub.Client.BaseAddress!, "/portal/").ToString();

        // Signing in with the keyboard alone: the field has a label, Enter submits.
        await page.GotoAsync(portal);
        var field = page.GetByLabel("Portal token");
        await field.WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await FocusByTabAsync(page, field), "The token field cannot be reached with Tab.");
        await page.Keyboard.TypeAsync("hubp_wrong");
        await page.Keyboard.PressAsync("Enter");
        Assert.Contains("unknown or was revoked", await WaitForTextAsync(page.Locator("#sign-in-error"), "unknown or was revoked"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "portal-sign-in-refused");
        await page.GetByLabel("Portal token").FillAsync(token);
        await page.Keyboard.PressAsync("Enter");
        await WaitOrExplainAsync(page.GetByRole(AriaRole.Heading, new() { Name = "My orders" }), scriptErrors);
        Assert.Equal(0, await page.Locator("input:not([id]), input[id]:not([aria-label])").EvaluateAllAsync<int>(
            "inputs => inputs.filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')).length"));

        // C002's order, by its number: the same answer as a number that does not exist.
        await page.GotoAsync(portal + "#/orders/SO-B-001");
        Assert.Contains("No order with this number", await WaitForTextAsync(page.Locator("main .error"), "No order with this number"), StringComparison.Ordinal);

        // A tampered session cookie is no session: the API refuses it and the page asks for a token.
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "hub_portal");
        await context.ClearCookiesAsync();
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = cookie.Name, Value = cookie.Value[..^4] + "AAAA", Domain = cookie.Domain, Path = cookie.Path }]);
        await page.GotoAsync(portal + "#/orders/SO-A-001");
        await page.GetByLabel("Portal token").WaitForAsync(new() { Timeout = Timeout });
        using var api = new HttpClient { BaseAddress = hub.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/portal/orders/SO-A-001");
        request.Headers.Add("Cookie", $"hub_portal={cookie.Value[..^4]}AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(request)).StatusCode);

        // Signing in without the CSRF header is refused, whatever the token.
        var forged = await api.PostAsJsonAsync("/api/portal/session", new { token });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    private static async Task WaitOrExplainAsync(ILocator locator, List<string> scriptErrors)
    {
        try
        {
            await locator.WaitForAsync(new() { Timeout = Timeout });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe page shows: {await locator.Page.Locator("body").InnerTextAsync()}\nScript errors: {string.Join("\n", scriptErrors)}", e);
        }
    }

    private static async Task<bool> FocusByTabAsync(IPage page, ILocator field)
    {
        for (var i = 0; i < 8; i++)
        {
            if (await field.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return true;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        return false;
    }

    private static async Task<string> WaitForTextAsync(ILocator locator, string expected)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(Timeout);
        var text = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            text = await locator.InnerTextAsync(new() { Timeout = Timeout });
            if (text.Contains(expected, StringComparison.Ordinal))
            {
                return text.Trim();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Expected '{expected}', the page shows '{text}'.");
    }
}
