using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// Issue 23 item 3 in headless Chromium: the customer edits a contact on "My company" (a phone in another spelling, an
/// e-mail with a typing slip that the page offers to correct) and the plans note; both wait for the desk; the supervisor
/// approves the contact and rejects the plans with a reason on "Customer changes"; the customer sees the new contact,
/// the approval and the reason, and the ERP's folder holds the approved change's file.
/// </summary>
public abstract class ProfileJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : ProfileJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : ProfileJourneyTests(TestStore.PostgreSql);

    private const float Timeout = 20_000;

    [Fact]
    public async Task Customer_ProposesOnMyCompany_SupervisorApprovesOneAndRejectsOne_CustomerSeesBoth()
    {
        var folder = TestHub.NewDataFolder();
        var export = Path.Combine(folder, "erp-customers");
        Directory.CreateDirectory(export);
        await using var hub = await TestHub.StartInAsync(testStore, folder, "--Hub:Customers:Export:Folder=erp-customers");
        await RulesHub.SeedCustomersAsync(hub);
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [new CanonicalChange(new Contact { ContactId = "C002-1", CustomerCode = "C002", Name = "Anna Weber", Phone = "+86 21 62345678", Role = "Buyer" },
                new SourceStamp("erp", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)))], [], CancellationToken.None);
        (await RulesHub.SignInAsync(hub, "wang.sup", "supervisor")).Dispose();
        var token = await hub.IssueTokenAsync("C002");

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var customer = await context.NewPageAsync();
        var errors = Chromium.CollectErrors(customer);
        await customer.GotoAsync(new Uri(hub.Client.BaseAddress!, "/portal/#token=" + token).ToString());
        await customer.GetByRole(AriaRole.Link, new() { Name = "My company" }).ClickAsync();
        await customer.GetByRole(AriaRole.Heading, new() { Name = "My company" }).WaitForAsync(new() { Timeout = Timeout });

        await customer.Locator("#profile-contacts tr[data-id='C002-1']").GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var edit = customer.Locator("form[data-subject='contact'][data-action='edit']");
        await edit.GetByLabel("Phone").FillAsync("１３８-００１３-８０００");
        await edit.GetByLabel("E-mail").FillAsync("anna@qq.con");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Send for approval" }).ClickAsync();
        await edit.GetByRole(AriaRole.Button, new() { Name = "Use the suggestion: anna@qq.com" }).ClickAsync();
        Assert.Equal("anna@qq.com", await edit.GetByLabel("E-mail").InputValueAsync());
        await edit.GetByRole(AriaRole.Button, new() { Name = "Send for approval" }).ClickAsync();
        var pending = customer.Locator("#profile-pending li.change.pending");
        await pending.First.WaitForAsync(new() { Timeout = Timeout });
        var shown = await pending.First.InnerTextAsync();
        Assert.Contains("+86 13800138000", shown, StringComparison.Ordinal);
        Assert.Contains("anna@qq.com", shown, StringComparison.Ordinal);

        var plans = customer.Locator("#profile-plans form");
        await plans.GetByLabel("Plans and needs").FillAsync("<b>Second line</b> from March");
        await plans.GetByRole(AriaRole.Button, new() { Name = "Send the plans" }).ClickAsync();
        await WaitFor.ConditionAsync(async () => await customer.Locator("#profile-pending li.change.pending").CountAsync() == 2, "two changes pending on the page");
        Assert.Equal("+86 21 62345678", await customer.Locator("#profile-contacts tr[data-id='C002-1'] td").Nth(1).InnerTextAsync());
        await Chromium.ScreenshotAsync(customer, "portal-profile-pending");

        var desk = await context.NewPageAsync();
        var deskErrors = Chromium.CollectErrors(desk);
        await BrowserDeskSignIn.SignInAsync(desk, hub, "wang.sup", RulesHub.DeskPassword);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Customer changes" }).ClickAsync();
        await desk.GetByRole(AriaRole.Heading, new() { Name = "Customer changes" }).WaitForAsync(new() { Timeout = Timeout });
        var contactCard = desk.Locator("section.customer-change", new() { HasText = "C002 · contact · edit · C002-1" });
        Assert.Contains("+86 21 62345678", await contactCard.InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(desk, "desk-customer-changes");
        await contactCard.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        // The list is drawn again without the approved change: the next card is looked up in the new list.
        await contactCard.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = Timeout });
        var plansCard = desk.Locator("section.customer-change", new() { HasText = "C002 · plans · edit" });
        await plansCard.GetByRole(AriaRole.Button, new() { Name = "Reject" }).WaitForAsync(new() { Timeout = Timeout });
        await plansCard.GetByLabel("Reason (the customer sees it)").FillAsync("Please send plans by mail to your sales contact.");
        await plansCard.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await desk.GetByText("No changes.").WaitForAsync(new() { Timeout = Timeout });

        await customer.ReloadAsync();
        await customer.GetByRole(AriaRole.Heading, new() { Name = "My company" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("+86 13800138000", await customer.Locator("#profile-contacts tr[data-id='C002-1'] td").Nth(1).InnerTextAsync());
        var history = await customer.Locator("#profile-history").InnerTextAsync();
        Assert.Contains("Approved: wang.sup", history, StringComparison.Ordinal);
        Assert.Contains("Reason: Please send plans by mail to your sales contact.", history, StringComparison.Ordinal);
        Assert.Contains("<b>Second line</b> from March", history, StringComparison.Ordinal);
        Assert.Equal(0, await customer.Locator("#profile-history b").CountAsync());
        await WaitFor.ConditionAsync(() => Directory.GetFiles(export, "customer-change-*.csv").Length == 1, "the approved change's file for the ERP");
        Assert.Empty(errors);
        Assert.Empty(deskErrors);
    }
}
