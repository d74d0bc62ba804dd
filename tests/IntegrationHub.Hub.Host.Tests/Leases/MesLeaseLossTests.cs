using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Hub.Host.Modules.Mes;
using IntegrationHub.Hub.Host.Tests.Modules.Mes;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.OpcUa;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static IntegrationHub.Hub.Host.Tests.Leases.TwoNodes;

namespace IntegrationHub.Hub.Host.Tests.Leases;

/// <summary>
/// A node that loses the lease <c>mes</c> and takes it back (issue 18 item 1): as a hot standby it deletes the
/// subscription, keeps its session and subscribes on it again; with Hub:Mes:Standby false the session goes with the
/// lease and the take-over opens a new one. Counted at the node-opcua server (its CumulatedSessionCount).
/// </summary>
[Collection(MesAdapterTests.Collection)]
public sealed class MesLeaseLossTests(ITestOutputHelper output)
{
    private static readonly NodeId CumulatedSessionCount = new(2278); // Server_ServerDiagnostics_ServerDiagnosticsSummary_CumulatedSessionCount

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LeaseLostAndTakenBack_StandbyResubscribesOnItsSession_OtherwiseANewSession(bool standby)
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;
        await using var server = await MesOpcUaServer.StartAsync(ct);
        var folder = TestHub.NewDataFolder();
        var hubDatabase = await TestStore.DatabaseAsync(folder);
        await using var hub = await TestHub.StartInAsync(TestStore.PostgreSql, folder,
            [.. MesAdapterTests.MesSettings(server), .. TwoNodes.Leases("node-a"), string.Create(CultureInfo.InvariantCulture, $"--Hub:Mes:Standby={standby}")]);
        var mes = Status(hub, "mes");
        var adapter = hub.Services.GetRequiredService<MesService>().Adapter;
        await WaitUntilAsync(() => mes.GetStatus().State == AdapterState.Running && mes.GetStatus().Counts["recordsStored"] > 0, "the MES subscription storing");
        var client = adapter.Client!;
        var session = client.SessionId;
        await using var probe = await OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = server.EndpointUrl }, ct);
        var sessionsBefore = await ReadUIntAsync(probe, CumulatedSessionCount, ct);

        // The lease goes to another holder (as after a pause longer than the lease); the node notices at its renewal,
        // stops the work, and takes the lease back once it has run out.
        await StealAsync(hubDatabase, "mes");
        await hub.WaitForLogAsync(1651, "Lease mes lost by node node-a");
        await WaitUntilAsync(() => Work(hub, "mes").Acquisitions == 2 && Subscribed(hub) == 2, "the lease mes taken back and the subscription made again");
        await WaitUntilAsync(() => mes.GetStatus().State == AdapterState.Running, "the MES subscription running again");
        var storedBefore = mes.GetStatus().Counts["recordsStored"];
        await WaitUntilAsync(() => mes.GetStatus().Counts["recordsStored"] > storedBefore, "records stored after the take-back");

        var sessionsAfter = await ReadUIntAsync(probe, CumulatedSessionCount, ct);
        // What the take-back cost, lease taken to subscription created (measured, not bounded; the load beside it).
        output.WriteLine($"Hub:Mes:Standby={standby}: {hub.Logs.Entries.Last(e => e.EventId == 1751).Message}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        if (standby)
        {
            // The subscription went (4203), the session stayed and carries the new one.
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 4203);
            Assert.Same(client, adapter.Client);
            Assert.Equal(session, adapter.Client!.SessionId);
            Assert.Equal((1L, 2L), (mes.GetStatus().Counts["sessionsCreated"], mes.GetStatus().Counts["subscriptionsCreated"]));
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 1751 && e.Message.Contains("session already open: True", StringComparison.Ordinal));
            Assert.Equal(sessionsBefore, sessionsAfter);
        }
        else
        {
            // The session went with the lease; the take-back opened a new one.
            Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId is 4203 or 1750);
            Assert.NotSame(client, adapter.Client);
            Assert.NotEqual(session, adapter.Client!.SessionId);
            Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 1751 && e.Message.Contains("session already open: True", StringComparison.Ordinal));
            Assert.Equal(sessionsBefore + 1, sessionsAfter);
        }
    }

    private static int Subscribed(TestHub hub) => hub.Logs.Entries.Count(e => e.EventId == 1751);

    private static async Task<uint> ReadUIntAsync(OpcUaClient probe, NodeId node, CancellationToken ct) =>
        (uint)(await probe.ReadValueAsync(node, ct)).Value.Value!;
}
