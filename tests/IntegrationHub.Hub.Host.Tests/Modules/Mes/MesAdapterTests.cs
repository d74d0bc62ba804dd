using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.OpcUa;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mes;

/// <summary>
/// The MES adapter in a running hub against the node-opcua MES simulator, on both stores (issue 17 item 3: the work
/// orders, readings and dead letters the adapter writes go through the PostgreSQL store as well as SQLite).
/// </summary>
public abstract class MesAdapterTests(TestStore testStore)
{
    // One collection: the two stores' runs take turns, so that two node-opcua servers never start at once on a busy
    // machine (each takes tens of seconds to start there).
    internal const string Collection = "mes-opcua";

    [Collection(Collection)]
    public sealed class OnSqlite() : MesAdapterTests(TestStore.Sqlite);

    [Collection(Collection)]
    public sealed class OnPostgreSql() : MesAdapterTests(TestStore.PostgreSql);

    private const string Ns = MesOpcUaServer.NamespaceUri;

    /// <summary>The hub settings for the simulator's lines and machines; the two-node tests (Leases/) use them too.</summary>
    internal static string[] MesSettings(MesOpcUaServer server, string securityMode = "None") =>
    [
        "--Hub:Mes:Enabled=true",
        $"--Hub:Mes:EndpointUrl={server.EndpointUrl}",
        $"--Hub:Mes:SecurityMode={securityMode}",
        "--Hub:Mes:PublishingInterval=00:00:00.200",
        "--Hub:Mes:SamplingInterval=00:00:00.100",
        "--Hub:Mes:WorkOrders:0:Line=Line1",
        $"--Hub:Mes:WorkOrders:0:Fields:WorkOrderNumber=nsu={Ns};s=Line1.CurrentWorkOrder.WorkOrderNumber",
        $"--Hub:Mes:WorkOrders:0:Fields:SalesOrderNumber=nsu={Ns};s=Line1.CurrentWorkOrder.SalesOrderNumber",
        $"--Hub:Mes:WorkOrders:0:Fields:QuantityPlanned=nsu={Ns};s=Line1.CurrentWorkOrder.QuantityPlanned",
        $"--Hub:Mes:WorkOrders:0:Fields:QuantityDone=nsu={Ns};s=Line1.CurrentWorkOrder.QuantityDone",
        $"--Hub:Mes:WorkOrders:0:Fields:QuantityScrap=nsu={Ns};s=Line1.CurrentWorkOrder.QuantityScrap",
        $"--Hub:Mes:WorkOrders:0:Fields:QcResult=nsu={Ns};s=Line1.CurrentWorkOrder.QcResult",
        // The same group of nodes named by browse path instead of node id.
        $"--Hub:Mes:WorkOrders:0:Fields:State=path={Ns}|MES/Line1/CurrentWorkOrder/State",
        "--Hub:Mes:Machines:0:AssetId=EQ-T-01",
        $"--Hub:Mes:Machines:0:Metrics:speed:Node=nsu={Ns};s=Line1.Machine1.Speed",
        "--Hub:Mes:Machines:0:Metrics:speed:Unit=m/min",
        $"--Hub:Mes:Machines:0:Metrics:alarm:Node=nsu={Ns};s=Line2.Machine2.AlarmActive",
        $"--Hub:Mes:Machines:0:Metrics:state:Node=path={Ns}|MES/Line2/Machine2/State",
        "--Hub:Mes:Machines:0:Metrics:state:Source=mes-opcua-machine-states",
    ];

    [Fact]
    public async Task Mes_WorkOrdersAndMachineState_FeedOrderProgressAndLatestState()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--sales-orders", "SO-B-001");
        await using var hub = await TestHub.StartAsync(testStore, MesSettings(server));
        await PlantFiles.ImportAsync(hub);
        var store = hub.Services.GetRequiredService<IHubStore>();

        // Work orders from the MES, linked to the ERP order, with quantities that advance.
        var first = (await EventuallyAsync(async () => (await store.ListEntitiesAsync(EntityKind.WorkOrder, ct)).OfType<WorkOrder>()
            .FirstOrDefault(w => w.OrderNo == "SO-B-001" && w.QuantityDone > 0), w => w is not null, ct))!;
        Assert.StartsWith("WO-2026-1", first.WorkOrderNo, StringComparison.Ordinal);
        Assert.Equal(WorkOrderState.Running, first.State);
        Assert.True(first.QuantityPlanned >= 200, first.QuantityPlanned.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await EventuallyAsync(async () => (await store.ListEntitiesAsync(EntityKind.WorkOrder, ct)).OfType<WorkOrder>()
            .Any(w => w.WorkOrderNo == first.WorkOrderNo && w.QuantityDone > first.QuantityDone + 3), advanced => advanced, ct);

        // The customer sees production progress on the portal.
        var token = await hub.IssueTokenAsync("C002");
        var percent = await EventuallyAsync(async () =>
        {
            using var response = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-B-001", token), ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return body.GetProperty("percentProduced").GetDecimal();
        }, p => p > 0, ct);
        Assert.InRange(percent, 0.1m, 100m);

        // Machine signals as readings: a number with its unit, a flag as 0/1, a text state coded by its mapping.
        var metrics = await EventuallyAsync(
            async () => (await store.ListEntitiesAsync(EntityKind.AssetMetric, ct)).OfType<AssetMetric>().Where(m => m.AssetId == "EQ-T-01").ToList(),
            all => all.Count == 3,
            ct);
        var speed = metrics.Single(m => m.Metric == "speed");
        Assert.Equal("m/min", speed.Unit);
        Assert.InRange(speed.Value, 55m, 80m);
        Assert.Contains(metrics.Single(m => m.Metric == "alarm").Value, new[] { 0m, 1m });
        Assert.Contains(metrics.Single(m => m.Metric == "state").Value, new[] { 1m, 4m });

        var health = await hub.Client.GetStringAsync("/health", ct);
        Assert.Contains("\"name\":\"mes\",\"state\":\"Running\"", health, StringComparison.Ordinal);
        Assert.Contains("\"nodes\":10", health, StringComparison.Ordinal);
        Assert.Empty(await store.ListDeadLettersAsync("mes-opcua-work-orders", false, 10, ct));
    }

    [Fact]
    public async Task Mes_PasswordThatWouldGoInClearText_RefusedWithTheSetting_ThenAllowedByIt()
    {
        // Issue 16 item 11: the server's None endpoint takes user names only with no protection of the password.
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--unencrypted-password-policy");
        string[] user = [$"--Hub:Mes:UserName={server.UserName}", $"--Hub:Mes:Password={server.Password}"];
        await using (var refused = await TestHub.StartAsync(testStore, [.. MesSettings(server), .. user]))
        {
            var health = await EventuallyAsync(() => HealthAsync(refused, ct), h => h.Contains("Hub:Mes:AllowUnencryptedPassword", StringComparison.Ordinal), ct);
            Assert.Contains("\"name\":\"mes\",\"state\":\"Retrying\"", health, StringComparison.Ordinal);
        }

        await using var allowed = await TestHub.StartAsync(testStore, [.. MesSettings(server), .. user, "--Hub:Mes:AllowUnencryptedPassword=true"]);
        await EventuallyAsync(() => HealthAsync(allowed, ct), h => h.Contains("\"name\":\"mes\",\"state\":\"Running\"", StringComparison.Ordinal), ct);
        Assert.Contains(allowed.Logs.Entries, e => e.EventId == 4114);
    }

    [Fact]
    public async Task Mes_ServerDownAtStart_RetryingWithReasonThenConnects()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
        await using var server = MesOpcUaServer.Create();
        await using var hub = await TestHub.StartAsync(testStore, MesSettings(server));

        await EventuallyAsync(() => HealthAsync(hub, ct), h => h.Contains("\"name\":\"mes\",\"state\":\"Retrying\"", StringComparison.Ordinal), ct);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1200);

        await server.StartAgainAsync(ct);
        await EventuallyAsync(() => HealthAsync(hub, ct), h => h.Contains("\"name\":\"mes\",\"state\":\"Running\"", StringComparison.Ordinal), ct);
        await EventuallyAsync(async () => (await hub.Services.GetRequiredService<IHubStore>().ListEntitiesAsync(EntityKind.WorkOrder, ct)).Count, n => n > 0, ct);
    }

    [Fact]
    public async Task Mes_SignAndEncryptWithUserName_AfterTheOperatorTrustsTheServer()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--auto-accept-client-certs");
        await using var hub = await TestHub.StartAsync(testStore, [.. MesSettings(server, "Best"), $"--Hub:Mes:UserName={server.UserName}", $"--Hub:Mes:Password={server.Password}"]);

        // First start: the MES server's certificate is unknown; /health says which file to move where.
        var health = await EventuallyAsync(() => HealthAsync(hub, ct), h => h.Contains("is not trusted", StringComparison.Ordinal), ct);
        var rejected = Directory.GetFiles(Path.Combine(hub.DataFolder, "pki", "opcua", "rejected", "certs")).Single();
        Assert.Contains(Path.GetFileNameWithoutExtension(rejected), health, StringComparison.Ordinal);
        File.Move(rejected, Path.Combine(hub.DataFolder, "pki", "opcua", "trusted", "certs", Path.GetFileName(rejected)));

        // The adapter keeps retrying and connects without a restart.
        await EventuallyAsync(() => HealthAsync(hub, ct), h => h.Contains("\"name\":\"mes\",\"state\":\"Running\"", StringComparison.Ordinal), ct);
        await EventuallyAsync(async () => (await hub.Services.GetRequiredService<IHubStore>().ListEntitiesAsync(EntityKind.WorkOrder, ct)).Count, n => n > 0, ct);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 4200 && e.Message.Contains("SignAndEncrypt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_NamespaceIndexAndUnmappedSource_RefusedWithTheSettingsNamed()
    {
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(
            testStore,
            "--Hub:Mes:Enabled=true",
            "--Hub:Mes:EndpointUrl=opc.tcp://127.0.0.1:4840",
            "--Hub:Mes:WorkOrders:0:Line=Line1",
            "--Hub:Mes:WorkOrders:0:Fields:WorkOrderNumber=ns=2;s=Line1.CurrentWorkOrder.WorkOrderNumber",
            "--Hub:Mes:Machines:0:AssetId=EQ-T-01",
            $"--Hub:Mes:Machines:0:Metrics:speed:Node=nsu={Ns};s=Line1.Machine1.Speed",
            "--Hub:Mes:Machines:0:Metrics:speed:Source=no-such-source"));

        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Mes:WorkOrders:0:Fields:WorkOrderNumber", StringComparison.Ordinal) && e.Contains("nsu=", StringComparison.Ordinal));
    }

    // Polls until the probe's value satisfies the condition (the hub stores asynchronously).
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await probe();
            if (holds(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The condition did not hold within 60 seconds; last value: {value}");
            }

            // The poll interval of a condition wait; the 60 s deadline above is the hang guard.
            await Task.Delay(200, ct);
        }
    }

    private static Task<string> HealthAsync(TestHub hub, CancellationToken ct) => hub.Client.GetStringAsync("/health", ct);
}
