using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Browser;

/// <summary>The desk's sign-in form, as a person fills it, for the journeys that start on the desk.</summary>
internal static class BrowserDeskSignIn
{
    /// <summary>Opens /desk/ and signs <paramref name="user"/> in; the page then shows the ticket queue.</summary>
    public static async Task SignInAsync(IPage page, TestHub hub, string user, string password)
    {
        await page.GotoAsync(new Uri(hub.Client.BaseAddress!, "/desk/").ToString());
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs an admin in and follows the queue's link to the administration page.</summary>
    public static async Task OpenAdministrationAsync(IPage page, TestHub hub, string user, string password, float timeout)
    {
        await SignInAsync(page, hub, user, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Administration" }).WaitForAsync(new() { Timeout = timeout });
    }
}
