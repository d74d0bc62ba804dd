using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Maintenance;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Rules;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Hub.Host.Tickets;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Maintenance;

/// <summary>
/// Set-up for preventive maintenance tests: a data folder with plan files beside the demo templates, a hub whose
/// telemetry comes from a real broker (the plant-telemetry mapping) and whose mail goes to a real SMTP server, machines
/// of a model, and the store reads the tests check.
/// </summary>
internal static class MaintenancePlanHub
{
    public const string Model = "VMC-850";

    /// <summary>A running-hours plan for <see cref="Model"/>, as an item of a plan file's <c>plans:</c> list.</summary>
    public const string SpindlePlan = "  - id: spindle-500h\n    model: VMC-850\n    every: every 500 running hours\n    counter: running_hours\n"
        + "    title: Spindle bearing service\n    severity: warning\n";

    public static string PrepareFolder(string plansYaml)
    {
        var folder = RulesHub.PrepareFolder("rules: []\n");
        Directory.CreateDirectory(Path.Combine(folder, MaintenancePass.FolderName));
        File.WriteAllText(Path.Combine(folder, MaintenancePass.FolderName, "plans.yaml"), plansYaml);
        return folder;
    }

    public static string[] Settings(SmtpTestServer smtp, MosquittoBroker broker) =>
        RulesHub.Settings(smtp,
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:ClientId=hub-maintenance-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings");

    /// <summary>Machines of <see cref="Model"/>: (asset, customer, installed so many days ago).</summary>
    public static async Task SeedMachinesAsync(TestHub hub, params (string Asset, string Customer, int InstalledDaysAgo)[] machines)
    {
        await RulesHub.SeedCustomersAsync(hub);
        var stamp = new SourceStamp("erp", DateTimeOffset.UtcNow);
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [.. machines.Select(m => new CanonicalChange(
                new InstalledEquipment { AssetId = m.Asset, CustomerCode = m.Customer, Model = Model, InstalledAt = DateTimeOffset.UtcNow.AddDays(-m.InstalledDaysAgo) }, stamp))],
            [], CancellationToken.None);
    }

    /// <summary>Publishes a running-hours reading as the machine would, and waits until the hub stored it as the latest.</summary>
    public static async Task PublishCounterAsync(TestHub hub, MosquittoBroker broker, string asset, string value, DateTimeOffset at)
    {
        var payload = $$"""{"ts":"{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}}Z","readings":[{"metric":"running_hours","value":{{value}},"unit":"h"}]}""";
        await using (var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "device-" + asset }, (_, _) => ValueTask.CompletedTask))
        {
            await device.ConnectAsync();
            await device.PublishAsync(new MqttApplicationMessage($"plant/suzhou/{asset}/telemetry", Encoding.UTF8.GetBytes(payload)));
        }

        var store = hub.Services.GetRequiredService<IHubStore>();
        await WaitFor.ConditionAsync(
            async () => (await store.LatestMetricsAsync(asset, CancellationToken.None)).Any(m => m.Metric == "running_hours" && m.Timestamp == at),
            $"the counter reading {value} of {asset} stored");
    }

    public static Task<MaintenancePassResult> PassAsync(TestHub hub) =>
        hub.Services.GetRequiredService<MaintenancePass>().RunAsync(CancellationToken.None);

    /// <summary>The tickets of the plan (code maintenance:PLAN), in every status.</summary>
    public static async Task<IReadOnlyList<ServiceTicket>> TicketsAsync(TestHub hub, string plan)
    {
        await using var tx = await hub.Services.GetRequiredService<IRulesStore>().BeginAsync(CancellationToken.None);
        return [.. (await tx.ListTicketsAsync(new TicketQuery { Take = 500 }, CancellationToken.None)).Where(t => t.AlarmCode == "maintenance:" + plan)];
    }
}
