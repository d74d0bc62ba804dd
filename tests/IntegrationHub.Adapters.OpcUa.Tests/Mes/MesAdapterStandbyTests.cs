using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.Tests.Client;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>
/// The MES adapter as a hot standby (issue 18 item 1) against the node-opcua simulator: a session open without a
/// subscription, the subscription created on it at a take-over and deleted when the work is given up, the session
/// kept throughout, and repaired by itself when the server restarts.
/// </summary>
public sealed class MesAdapterStandbyTests
{
    private const string Ns = MesOpcUaServer.NamespaceUri;
    private static readonly NodeId CurrentSessionCount = new(2277); // Server_ServerDiagnostics_ServerDiagnosticsSummary_CurrentSessionCount
    private readonly CancellationToken _ct = TestTimeout.Token(180);

    private static MesAdapterOptions Options(MesOpcUaServer server) => new()
    {
        Client = ReconnectTests.Options(server),
        PublishingInterval = TimeSpan.FromMilliseconds(200),
        SamplingInterval = TimeSpan.FromMilliseconds(100),
        WorkOrders =
        [
            new WorkOrderNodes
            {
                Line = "Line1",
                Fields = new Dictionary<string, string>
                {
                    ["WorkOrderNumber"] = $"nsu={Ns};s=Line1.CurrentWorkOrder.WorkOrderNumber",
                    ["QuantityDone"] = $"nsu={Ns};s=Line1.CurrentWorkOrder.QuantityDone",
                    ["State"] = $"path={Ns}|MES/Line1/CurrentWorkOrder/State",
                },
            },
        ],
        Machines =
        [
            new MachineNodes
            {
                AssetId = "EQ-T-01",
                Metrics = new Dictionary<string, MetricNode> { ["speed"] = new() { Node = $"nsu={Ns};s=Line1.Machine1.Speed", Unit = "m/min" } },
            },
        ],
    };

    [Fact]
    public async Task Standby_SessionWithoutSubscription_TakeOverSubscribesOnIt_GivingUpKeepsIt()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        await using var probe = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        var sink = new RecordingMesSink();
        await using var adapter = new MesAdapter(Options(server), sink);

        // Standing by: an activated session on the server, nodes resolved, no subscription, nothing stored.
        await adapter.ConnectAsync(_ct);
        var client = adapter.Client!;
        var session = client.SessionId;
        var status = adapter.GetStatus();
        Assert.Equal(AdapterState.Standby, status.State);
        Assert.Equal(server.EndpointUrl.OriginalString, status.Endpoint);
        Assert.Equal((4, 1, 0), (status.Counts["nodes"], status.Counts["sessionsCreated"], status.Counts["subscriptionsCreated"]));
        Assert.Empty(client.Subscriptions);
        Assert.Equal(2u, await SessionsOnServerAsync(probe));
        Assert.False(adapter.IsSubscribed);

        // Take-over: the subscription on the same session; the initial values make a full work order and a reading.
        await adapter.SubscribeAsync(_ct);
        await WaitForAsync(() => HasWorkOrderAndReading(sink.Records), "a work order and a reading");
        Assert.Equal(AdapterState.Running, adapter.GetStatus().State);
        Assert.Single(client.Subscriptions);

        // Giving the work up: the subscription goes, the session stays (still two on the server: the probe's and ours).
        Assert.True(await adapter.UnsubscribeAsync(_ct));
        Assert.Equal(AdapterState.Standby, adapter.GetStatus().State);
        Assert.Empty(client.Subscriptions);
        Assert.Equal(2u, await SessionsOnServerAsync(probe));

        // Taking it again re-reads every node through the new subscription's initial values, on the same session.
        var before = sink.Records.Count;
        await adapter.SubscribeAsync(_ct);
        await WaitForAsync(() => HasWorkOrderAndReading(sink.Records.Skip(before).ToList()), "a work order and a reading after the second take-over");
        Assert.Same(client, adapter.Client);
        Assert.Equal(session, client.SessionId);
        status = adapter.GetStatus();
        Assert.Equal((AdapterState.Running, 1L, 2L), (status.State, status.Counts["sessionsCreated"], status.Counts["subscriptionsCreated"]));
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task Standby_ServerRestarts_SessionReconnectsByItself_ThenTakeOverSubscribes()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        var sink = new RecordingMesSink();
        await using var adapter = new MesAdapter(Options(server), sink);
        await adapter.ConnectAsync(_ct);
        var client = adapter.Client!;

        await server.StopAsync(_ct);
        await WaitForAsync(() => adapter.GetStatus().State == AdapterState.Retrying, "the standby to notice the server is gone");
        await server.StartAgainAsync(_ct);
        await WaitForAsync(() => client.ReconnectCount >= 1 && adapter.GetStatus().State == AdapterState.Standby, "the standby session back");

        // A new session on the restarted server, made by the client itself; the take-over needs no other.
        Assert.Equal(2, client.SessionsCreated);
        Assert.Empty(sink.Records);
        await adapter.SubscribeAsync(_ct);
        await WaitForAsync(() => HasWorkOrderAndReading(sink.Records), "a work order and a reading after the restart");
        Assert.Equal(2, client.SessionsCreated);
        Assert.Same(client, adapter.Client);
    }

    [Fact]
    public async Task Gaps_MessageTheServerNoLongerHas_CountedAsLost_KeptWhenTheSubscriptionGoes()
    {
        await using var server = await MesOpcUaServer.StartAsync(_ct);
        var sink = new RecordingMesSink();
        await using var adapter = new MesAdapter(Options(server), sink);
        await adapter.ConnectAsync(_ct);
        await adapter.SubscribeAsync(_ct);
        await WaitForAsync(() => HasWorkOrderAndReading(sink.Records), "a work order and a reading");
        Assert.Equal(0, adapter.GetStatus().Counts["messagesLost"]);

        // A gap the server cannot fill: Republish of a sequence number it never sent (Part 4 5.13.6) answers
        // Bad_MessageNotAvailable, and the message is declared lost (issue 19 item 2: the OPC UA gaps metric).
        var client = adapter.Client!;
        await client.RepublishAsync(Assert.Single(client.Subscriptions), 999_999, _ct);
        Assert.Equal(1, adapter.GetStatus().Counts["messagesLost"]);

        // The count is the adapter's, not the subscription's: giving the work up and taking it again keep it (a
        // Prometheus counter must never go down).
        Assert.True(await adapter.UnsubscribeAsync(_ct));
        Assert.Equal(1, adapter.GetStatus().Counts["messagesLost"]);
        await adapter.SubscribeAsync(_ct);
        Assert.Equal(1, adapter.GetStatus().Counts["messagesLost"]);
        await adapter.DisconnectAsync();
        Assert.Equal(1, adapter.GetStatus().Counts["messagesLost"]);
    }

    private static bool HasWorkOrderAndReading(IReadOnlyList<SourceRecord> records) =>
        records.Any(r => r.Source == "mes-opcua-work-orders" && r.Fields["WorkOrderNumber"] is { Length: > 0 })
        && records.Any(r => r.Source == "mes-opcua-machines" && r.Fields["asset"] == "EQ-T-01");

    private async Task<uint> SessionsOnServerAsync(OpcUaClient probe) => (uint)(await probe.ReadValueAsync(CurrentSessionCount, _ct)).Value.Value!;

    // A poll interval inside a condition wait; the test's token is the hang guard.
    private async Task WaitForAsync(Func<bool> condition, string what)
    {
        while (!condition())
        {
            Assert.False(_ct.IsCancellationRequested, "timed out waiting for " + what);
            await Task.Delay(50, _ct);
        }
    }
}
