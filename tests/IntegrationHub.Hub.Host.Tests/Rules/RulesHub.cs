using System.Net.Http.Json;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Set-up for rules-stage tests: a data folder with one rule file and the demo templates, a hub whose e-mail
/// channel is a real SMTP server on loopback, customers and their machines in the store, and readings applied the
/// way the telemetry adapter applies them.
/// </summary>
internal static class RulesHub
{
    public const string DeskPassword = "desk-password-123";

    public static string PrepareFolder(string rulesYaml)
    {
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        File.WriteAllText(Path.Combine(folder, "rules", "test.yaml"), rulesYaml);
        var templates = Path.Combine(folder, "notifications");
        Directory.CreateDirectory(templates);
        foreach (var file in Directory.GetFiles(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "notifications")))
        {
            File.Copy(file, Path.Combine(templates, Path.GetFileName(file)));
        }

        return folder;
    }

    public static string[] Settings(SmtpTestServer smtp, params string[] more) =>
    [
        "--Hub:Rules:TickInterval=00:00:00.200",
        "--Hub:Notifications:Channels:mail:Kind=smtp",
        "--Hub:Notifications:Channels:mail:Host=127.0.0.1",
        $"--Hub:Notifications:Channels:mail:Port={smtp.Port}",
        $"--Hub:Notifications:Channels:mail:CaFile={smtp.Certificates!.CaFile}",
        $"--Hub:Notifications:Channels:mail:UserName={smtp.UserName}",
        $"--Hub:Notifications:Channels:mail:Password={smtp.Password}",
        "--Hub:Notifications:Channels:mail:From=service@hub.test",
        "--Hub:Notifications:Customer:Channel=mail",
        "--Hub:Notifications:Desk:Channel=mail",
        "--Hub:Notifications:Desk:Recipients:0=desk@hub.test",
        "--Hub:Notifications:QualityLead:Channel=mail",
        "--Hub:Notifications:QualityLead:Recipients:0=quality@hub.test",
        "--Hub:Notifications:RetryDelay=00:00:00.200",
        "--Hub:Rules:Roster:0:Id=zhang.wei",
        "--Hub:Rules:Roster:0:Name=张伟",
        "--Hub:Rules:Roster:0:Region=华东",
        .. more,
    ];

    /// <summary>Customer C001 (Gold, zh-CN, with an e-mail address) owning machine EQ-1, and C002 (Standard, en) owning EQ-2.</summary>
    public static async Task SeedCustomersAsync(TestHub hub)
    {
        var stamp = new SourceStamp("erp", DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await Store(hub).ApplyAsync(
        [
            new CanonicalChange(new Customer { Code = "C001", Name = "苏州精工机械有限公司", Tier = CustomerTier.Gold, Region = "华东", Email = "buyer@szjg.test", Language = "zh-CN" }, stamp),
            new CanonicalChange(new Customer { Code = "C002", Name = "Acme Packaging GmbH", Tier = CustomerTier.Standard, Region = "EU", Email = "ops@acme.test", Language = "en" }, stamp),
            new CanonicalChange(new InstalledEquipment { AssetId = "EQ-1", CustomerCode = "C001" }, stamp),
            new CanonicalChange(new InstalledEquipment { AssetId = "EQ-2", CustomerCode = "C002" }, stamp),
        ], [], CancellationToken.None);
    }

    /// <summary>
    /// As <see cref="SeedCustomersAsync"/>, and machines EQ-3 to EQ-<paramref name="machines"/> beside EQ-1 and EQ-2,
    /// owned in turn by C002 (even) and C001 (odd), stamped a day before <paramref name="t0"/>.
    /// </summary>
    public static async Task SeedMachinesAsync(TestHub hub, int machines, DateTimeOffset t0)
    {
        await SeedCustomersAsync(hub);
        var stamp = new SourceStamp("erp", t0.AddDays(-1));
        await Store(hub).ApplyAsync(
            [.. Enumerable.Range(3, machines - 2).Select(i => new CanonicalChange(new InstalledEquipment { AssetId = $"EQ-{i}", CustomerCode = i % 2 == 0 ? "C002" : "C001" }, stamp))],
            [], CancellationToken.None);
    }

    public static Task ReadingsAsync(TestHub hub, string asset, string metric, params (DateTimeOffset At, decimal Value)[] readings) =>
        Store(hub).ApplyAsync(
            [.. readings.Select(r => new CanonicalChange(
                new AssetMetric { AssetId = asset, Metric = metric, Value = r.Value, Timestamp = r.At }, new SourceStamp("plant-telemetry", r.At)))],
            [], CancellationToken.None);

    public static async Task<HttpClient> SignInAsync(TestHub hub, string user = "desk", string role = "supervisor")
    {
        await hub.Services.GetRequiredService<DeskUsers>().SetAsync(user, DeskPassword, Enum.Parse<DeskRole>(role, true), CancellationToken.None);
        var client = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = hub.Client.BaseAddress };
        client.DefaultRequestHeaders.Add(DeskAuthentication.CsrfHeader, "1");
        var response = await client.PostAsJsonAsync("/api/desk/sign-in", new { userName = user, password = DeskPassword });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return client;
    }

    public static Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        WaitFor.ConditionAsync(condition, what, timeout);

    /// <summary>
    /// Waits until everything that was to happen has happened, by events rather than time: the rules stage has
    /// committed two more timer passes (so one began after this call, with every reading queued before it), and the
    /// outbox holds no message due for sending. Returns the outbox's counts by status, for "nothing more" checks.
    /// </summary>
    public static Task<IReadOnlyDictionary<string, long>> SettledAsync(TestHub hub) => SettledAsync([hub]);

    /// <summary>
    /// As <see cref="SettledAsync(TestHub)"/> for several nodes on one store: each partition of machines is evaluated on
    /// whichever node holds its lease (issue 18 item 2), so the two passes are counted over all of them.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> SettledAsync(IReadOnlyList<TestHub> nodes)
    {
        var hub = nodes[0];
        long Ticks() => nodes.Sum(n => RulesCount(n, "ticks"));
        var ticks = Ticks();
        await WaitForAsync(() => Task.FromResult(Ticks() >= ticks + 2), "two more rules ticks", TimeSpan.FromSeconds(120));
        IReadOnlyDictionary<string, long> counts = new Dictionary<string, long>();
        await WaitForAsync(async () =>
        {
            counts = await OutboxCountsAsync(hub);
            return !counts.ContainsKey("Pending");
        }, "the outbox to be drained", TimeSpan.FromSeconds(120));
        return counts;
    }

    /// <summary>A count of the rules stage's status (readingsEvaluated, alarmsRaised, ticks...).</summary>
    public static long RulesCount(TestHub hub, string name) =>
        hub.Services.GetServices<IntegrationHub.Adapters.Abstractions.IAdapterStatusSource>()
            .Select(s => s.GetStatus()).Single(s => s.Name == "rules").Counts[name];

    public static Task<IReadOnlyDictionary<string, long>> OutboxCountsAsync(TestHub hub) =>
        hub.Services.GetRequiredService<IOutboxStore>().CountsAsync(CancellationToken.None);

    private static IHubStore Store(TestHub hub) => hub.Services.GetRequiredService<IHubStore>();
}
