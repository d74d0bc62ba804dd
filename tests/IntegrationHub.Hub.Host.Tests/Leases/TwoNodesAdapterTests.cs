using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Modules.Mes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Modules.Mes;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.OpcUa;
using Microsoft.Extensions.DependencyInjection;
using static IntegrationHub.Hub.Host.Tests.Leases.TwoNodes;

namespace IntegrationHub.Hub.Host.Tests.Leases;

/// <summary>
/// The file drop on an inbox the nodes share, and the MES OPC UA subscription, on two hubs on one PostgreSQL database
/// (issue 18 item 1): the work runs on the node holding its lease only; that node dies without handing over; the other
/// takes the work over once the lease runs out (waited for by its events, not by time); nothing is lost or done twice.
/// </summary>
[Collection(MesAdapterTests.Collection)]
public sealed class TwoNodesAdapterTests
{
    [Fact]
    public async Task FileDrop_SharedInbox_OneNodeImports_ItDies_TheOtherImportsWhatFollows_EachFileOnce()
    {
        var shared = Path.Combine(Path.GetTempPath(), "hub-shared-inbox-" + Guid.NewGuid().ToString("N"));
        string[] settings =
        [
            $"--Hub:Files:Inbox={Path.Combine(shared, "inbox")}",
            $"--Hub:Files:Processed={Path.Combine(shared, "processed")}",
            $"--Hub:Files:Failed={Path.Combine(shared, "failed")}",
        ];
        var (a, b, hubDatabase) = await StartAsync(TestHub.NewDataFolder(), TestHub.NewDataFolder(), settings);
        try
        {
            await using var disposeA = a;
            await using var disposeB = b;
            var filesA = Status(a, "files");
            var filesB = Status(b, "files");
            Assert.NotNull(Work(a, "files").Held);
            Assert.Null(Work(b, "files").Held);

            // Both nodes see the shared inbox; only the lease holder imports from it.
            for (var i = 1; i <= 3; i++)
            {
                await DropAsync(shared, i);
            }

            await WaitUntilAsync(() => Processed(shared) == 3, "the first 3 files in processed/");
            await WaitUntilAsync(() => filesA.GetStatus().Counts["filesImported"] == 3, "node A counting its 3 files");
            Assert.Equal(0, filesB.GetStatus().Counts["filesImported"]);
            Assert.Equal(0, filesB.GetStatus().Counts["rowsStored"]);

            // A dies; files dropped now are seen by both nodes while the lease changes hands, and imported once, by B.
            await a.CrashAsync();
            for (var i = 4; i <= 5; i++)
            {
                await DropAsync(shared, i);
            }

            await b.WaitForLogAsync(1650, "Lease files taken by node node-b");
            await WaitUntilAsync(() => Processed(shared) == 5, "all 5 files in processed/");
            await WaitUntilAsync(() => filesB.GetStatus().Counts["filesImported"] == 2, "node B counting its 2 files");

            // Each file once in processed/ (a second import would have left a renamed copy or a failure), each row stored.
            Assert.Equal(
                Enumerable.Range(1, 5).Select(i => $"customers-{i}.csv"),
                Directory.GetFiles(Path.Combine(shared, "processed")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(shared, "failed")) && Directory.EnumerateFileSystemEntries(Path.Combine(shared, "failed")).Any());
            Assert.Equal(3, filesA.GetStatus().Counts["filesImported"]);
            Assert.Equal((2, 4), (filesB.GetStatus().Counts["filesImported"], filesB.GetStatus().Counts["rowsStored"]));
            Assert.Equal(10, await CountAsync(hubDatabase, "SELECT count(DISTINCT entity_key) FROM entities WHERE kind = 'Customer' AND source = 'erp-customers'"));
            Assert.Equal(0, await CountAsync(hubDatabase, "SELECT count(*) FROM dead_letters"));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }

    [Fact]
    public async Task MesSubscription_BStandsByOnAnOpenSession_ADies_BSubscribesOnThatSession_ProductionGoesOnBeingStored()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct, "--sales-orders", "SO-B-001");
        var (a, b, hubDatabase) = await StartAsync(TestHub.NewDataFolder(), TestHub.NewDataFolder(), MesAdapterTests.MesSettings(server));
        await using var disposeA = a;
        await using var disposeB = b;
        var store = b.Services.GetRequiredService<IHubStore>();
        var mesA = Status(a, "mes");
        var mesB = Status(b, "mes");
        var adapterB = b.Services.GetRequiredService<MesService>().Adapter;

        // A holds the lease and subscribes; B stands by (issue 18 item 1): its session open, nodes resolved, no
        // subscription, nothing stored.
        Assert.NotNull(Work(a, "mes").Held);
        await b.WaitForLogAsync(1654, "Lease mes is held by another node; node node-b");
        await WaitUntilAsync(() => mesA.GetStatus().State == AdapterState.Running, "node A's MES subscription running");
        await WaitUntilAsync(() => mesB.GetStatus().State == AdapterState.Standby, "node B's MES session standing by");
        await b.WaitForLogAsync(1750, "node node-b stands by");
        var standby = mesB.GetStatus();
        Assert.Equal(server.EndpointUrl, new Uri(standby.Endpoint!));
        Assert.Equal((10L, 1L, 0L, 0L), (standby.Counts["nodes"], standby.Counts["sessionsCreated"], standby.Counts["subscriptionsCreated"], standby.Counts["recordsStored"]));
        var sessionB = adapterB.Client!.SessionId;
        Assert.Empty(adapterB.Client.Subscriptions);
        // The server counts A's session, B's and this test's probe.
        await using var probe = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = server.EndpointUrl }, ct);
        Assert.Equal(3u, await SessionsOnServerAsync(probe, ct));
        var before = await WorkOrderAsync(store, w => w.QuantityDone > 0, ct);

        // A dies; B takes the lease once it runs out and subscribes on the session it had open: no new session.
        await a.CrashAsync();
        var crashedAt = DateTimeOffset.UtcNow;
        await b.WaitForLogAsync(1650, "Lease mes taken by node node-b");
        await WaitUntilAsync(() => mesB.GetStatus().State == AdapterState.Running, "node B's MES subscription running");
        await b.WaitForLogAsync(1751, "session already open: True");
        await WaitUntilAsync(() => mesB.GetStatus().Counts["recordsStored"] > 0, "node B's first MES record stored");
        var running = mesB.GetStatus();
        Assert.Equal((1L, 1L), (running.Counts["sessionsCreated"], running.Counts["subscriptionsCreated"]));
        Assert.Equal(sessionB, adapterB.Client!.SessionId);
        Assert.Equal(2u, await SessionsOnServerAsync(probe, ct)); // A's closed as its process went; B's and the probe's

        // Nothing lost: the store catches up with what the server holds now (the new subscription's initial values
        // re-read every node), and production goes on being stored.
        // (One Read for both nodes, so that they belong together; a later work order, numbered upwards, also shows that
        // the store has moved past this one.)
        var now = await probe.ReadAsync(
            [new ReadValueId(probe.Namespaces.ToNodeId(Line1("WorkOrderNumber"))), new ReadValueId(probe.Namespaces.ToNodeId(Line1("QuantityDone")))], ct);
        var (number, done) = ((string)now[0].Value.Value!, (uint)now[1].Value.Value!);
        await WorkOrderAsync(store, w => (w.WorkOrderNo == number && w.QuantityDone >= done) || string.CompareOrdinal(w.WorkOrderNo, number) > 0, ct);
        var after = await WorkOrderAsync(store, w => w.WorkOrderNo == before.WorkOrderNo && w.QuantityDone > before.QuantityDone + 3, ct);
        await WaitUntilAsync(
            async () => (await store.ListEntitiesAsync(EntityKind.AssetMetric, ct)).OfType<AssetMetric>()
                .Any(m => m is { AssetId: "EQ-T-01", Metric: "speed" } && m.Timestamp > crashedAt),
            "a machine reading taken after node A died");

        // Nothing doubled: one work order per number, progress never going back, and nothing dead-lettered on the way.
        Assert.True(after.QuantityDone >= before.QuantityDone);
        Assert.Equal(
            await CountAsync(hubDatabase, "SELECT count(*) FROM entities WHERE kind = 'WorkOrder'"),
            await CountAsync(hubDatabase, "SELECT count(DISTINCT entity_key) FROM entities WHERE kind = 'WorkOrder'"));
        Assert.Equal(0, await CountAsync(hubDatabase, "SELECT count(*) FROM dead_letters WHERE source LIKE 'mes-opcua%'"));
    }

    private static ExpandedNodeId Line1(string field) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s=Line1.CurrentWorkOrder.{field}");

    // Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount (i=2277), as the server counts them.
    private static async Task<uint> SessionsOnServerAsync(OpcUaClient probe, CancellationToken ct) =>
        (uint)(await probe.ReadValueAsync(new NodeId(2277), ct)).Value.Value!;

    // Two customers per file, numbered by file, in the demo customers mapping's shape.
    private static async Task DropAsync(string shared, int file)
    {
        var inbox = Path.Combine(shared, "inbox");
        Directory.CreateDirectory(inbox);
        var content = "CustomerCode,Name,Tier,Region,Email,Phone,Language,ModifiedAt\n"
            + string.Concat(Enumerable.Range(1, 2).Select(i => $"C-F{file}-{i},Customer {file}.{i},Standard,EU,,,en,2025-10-01 08:00:00\n"));
        var temporary = Path.Combine(inbox, $"customers-{file}.csv.part");
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, Path.Combine(inbox, $"customers-{file}.csv"));
    }

    private static int Processed(string shared) =>
        Directory.Exists(Path.Combine(shared, "processed")) ? Directory.GetFiles(Path.Combine(shared, "processed")).Length : 0;

    private static async Task<WorkOrder> WorkOrderAsync(IHubStore store, Func<WorkOrder, bool> condition, CancellationToken ct)
    {
        WorkOrder? found = null;
        await WaitUntilAsync(async () =>
        {
            found = (await store.ListEntitiesAsync(EntityKind.WorkOrder, ct)).OfType<WorkOrder>().FirstOrDefault(condition);
            return found is not null;
        }, "a work order from the MES");
        return found!;
    }
}
