using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.EndToEnd.Tests.Browser;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.EndToEnd.Tests.Support;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace IntegrationHub.EndToEnd.Tests.Journeys;

/// <summary>
/// The desk agent's journey in a real headless Chromium: the queue is open when a machine overheats over MQTT; the
/// new ticket appears without a reload, with its response countdown; the agent opens it, sees the machine's recent
/// telemetry, acknowledges it, and the response countdown stops.
/// </summary>
public abstract class DeskBoardJourneyTests(TestStore testStore)
{
    public sealed class OnSqlite() : DeskBoardJourneyTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : DeskBoardJourneyTests(TestStore.PostgreSql);

    private const float Timeout = 30_000;

    [Fact]
    public async Task NewTicketAppearsLive_TheAgentAcknowledgesIt_AndTheResponseCountdownStops()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        File.Copy(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "rules", "machines.yaml"), Path.Combine(folder, "rules", "machines.yaml"));
        await using var hub = await TestHub.StartInAsync(testStore, folder,
            "--Hub:Mqtt:Enabled=true", $"--Hub:Mqtt:Port={broker.Port}", "--Hub:Mqtt:ClientId=hub-desk-e2e",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry", "--Hub:Mqtt:Subscriptions:0:Topic=plant/{customer}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array", "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
            "--Hub:Rules:TickInterval=00:00:00.500");
        var exports = Path.Combine(folder, "exports");
        new DemoPlant.DemoPlantGenerator(7, DateTimeOffset.UtcNow).WriteAll(exports, 20);
        foreach (var file in new[] { "customers.csv", "equipment.csv" })
        {
            await hub.DropAsync(file, await File.ReadAllBytesAsync(Path.Combine(exports, file)));
        }

        await hub.WaitForInboxEmptyAsync();
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync("agent", "agent-password-1", DeskRole.Agent, CancellationToken.None);

        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var errors = Chromium.CollectErrors(page);
        await BrowserDeskSignIn.SignInAsync(page, hub, "agent", "agent-password-1");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ticket queue" }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal("No tickets.", await page.Locator("main p.muted").InnerTextAsync());
        await page.EvaluateAsync("window.__notReloaded = true");

        // C003's machine overheats while the queue is open.
        await OverheatingMachine.PublishAsync(broker.Port, "C003", "EQ-C003-01");

        var row = page.Locator("tr[data-ticket]").Filter(new() { HasText = "EQ-C003-01" });
        await row.WaitForAsync(new() { Timeout = Timeout });
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"), "The queue reloaded the page to show the ticket.");
        Assert.Contains("new", await row.GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
        var countdown = row.Locator(".clock");
        var first = await countdown.InnerTextAsync();
        Assert.StartsWith("respond in ", first, StringComparison.Ordinal);
        // The countdown ticks in the browser: wait for its text to change (the hang guard, not a time bound).
        await WaitFor.ConditionAsync(async () => await countdown.InnerTextAsync() != first, "the response countdown to tick");
        await Chromium.ScreenshotAsync(page, "desk-queue-new-ticket");
        Assert.Empty(await Chromium.ContrastProblemsAsync(page));

        // The ticket page: the alarm, the machine's readings as a chart, then the acknowledgement.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("OVERHEAT") }).WaitForAsync(new() { Timeout = Timeout });
        Assert.Equal(1, await page.Locator(".chart polyline").CountAsync());
        Assert.Contains("temperature", await page.Locator(".chart").InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("respond in ", await page.Locator("#response-clock").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await page.Locator("#ticket-status", new() { HasText = "Acknowledged" }).WaitForAsync(new() { Timeout = Timeout });
        var stopped = await page.Locator("#response-clock").InnerTextAsync();
        Assert.StartsWith("responded ", stopped, StringComparison.Ordinal);
        // The resolution clock still runs: once it has ticked, the stopped response clock must not have moved.
        var resolution = await page.Locator("#resolution-clock").InnerTextAsync();
        await WaitFor.ConditionAsync(async () => await page.Locator("#resolution-clock").InnerTextAsync() != resolution, "the resolution clock to tick");
        Assert.Equal(stopped, await page.Locator("#response-clock").InnerTextAsync());
        Assert.StartsWith("resolve in ", await page.Locator("#resolution-clock").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Comment").FillAsync("Spindle bearing suspected; internal only");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await page.Locator(".history", new() { HasText = "Spindle bearing suspected" }).WaitForAsync(new() { Timeout = Timeout });
        await Chromium.ScreenshotAsync(page, "desk-ticket-acknowledged");
        Assert.Empty(await Chromium.ContrastProblemsAsync(page));
        Assert.Empty(errors);

        // The customer sees the machine's latest reading and the ticket's progress, not the desk's notes.
        var token = await hub.IssueTokenAsync("C003");
        await using var customerContext = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var portal = await customerContext.NewPageAsync();
        await portal.GotoAsync(new Uri(hub.Client.BaseAddress!, "/portal/#token=" + token).ToString());
        await portal.GetByRole(AriaRole.Link, new() { Name = "My equipment" }).ClickAsync();
        var machine = portal.Locator("section.card[data-asset='EQ-C003-01']");
        await machine.WaitForAsync(new() { Timeout = Timeout });
        var text = await machine.InnerTextAsync();
        Assert.Contains("temperature", text, StringComparison.Ordinal);
        Assert.Contains("OVERHEAT", text, StringComparison.Ordinal);
        Assert.Contains("Being handled", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Spindle bearing", await portal.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("service-desk", await portal.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(portal, "portal-my-equipment");
    }
}
