using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.Tests.Client;
using IntegrationHub.Adapters.OpcUa.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Mes;

/// <summary>
/// The MES adapter's alarm conditions against the node-opcua simulator (issue 22 item 1): a raise and a clear become
/// one change each; an unmapped source is rejected; a server restart while an alarm is active clears it through the
/// ConditionRefresh after the reconnect (nothing left open); an alarm raised while the network is cut arrives after it
/// (nothing missed); Acknowledge reaches the server with the comment; alarms the hub held active before the adapter
/// started are cleared by its first refresh when the server no longer has them; a refused condition resent by a refresh
/// carries the same content key.
/// </summary>
public sealed class MesAdapterAlarmTests
{
    private readonly CancellationToken _ct = TestTimeout.Token(240);

    private static MesAdapterOptions Options(Uri endpoint) => new()
    {
        Client = new OpcUaClientOptions
        {
            EndpointUrl = endpoint,
            RequestTimeout = TimeSpan.FromSeconds(5),
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        },
        PublishingInterval = TimeSpan.FromMilliseconds(100),
        Alarms = new MesAlarmOptions
        {
            Sources = Enumerable.Range(1, 4).ToDictionary(AlarmServerFixture.Machine, n => $"EQ-{n}"),
        },
    };

    [Fact]
    public async Task RaiseClearAndUnmappedSource_OneChangeEach_ServerRestartClearsWhatWasActive()
    {
        await using var server = await AlarmServerFixture.StartServerAsync(_ct, machines: 6);
        var sink = new RecordingAlarmSink();
        await using var adapter = new MesAdapter(Options(server.EndpointUrl), new RecordingMesSink(), alarmSink: sink);
        await using (var driver = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct))
        {
            await AlarmServerFixture.SetAsync(driver, 1, true, _ct, severity: 900, message: "Spindle overheated");
            await adapter.StartAsync(_ct); // the first ConditionRefresh reports machine 1, raised before the adapter came
            await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Raised, "EQ-1") == 1, "the refresh's raise of EQ-1");
            var raised = sink.Changes.Single(c => c.AssetId == "EQ-1");
            Assert.Equal(("Fault", (ushort)900, "Spindle overheated"), (raised.Code, raised.Severity, raised.Message));

            await AlarmServerFixture.SetAsync(driver, 2, true, _ct);
            await AlarmServerFixture.SetAsync(driver, 6, true, _ct); // no machine for Machine0006
            await AlarmServerFixture.SetAsync(driver, 2, false, _ct);
            await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Cleared, "EQ-2") == 1, "the clear of EQ-2");
            Assert.Equal(1, sink.Count(MesAlarmChangeKind.Raised, "EQ-2"));
            var rejected = Assert.Single(sink.Changes, c => c.Kind == MesAlarmChangeKind.Rejected);
            Assert.Contains("'Machine0006' is not mapped", rejected.Reason);
            Assert.Equal(1, adapter.GetStatus().Counts["conditionsRejected"]);
        }

        // The restarted server has no active alarm: machine 1's was missed clearing, and the refresh after the
        // reconnect says so. Machine 3 raised on the new server arrives too.
        var refreshes = adapter.Client!.ConditionRefreshCount;
        await server.StopAsync(_ct);
        await server.StartAgainAsync(_ct);
        await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Cleared, "EQ-1") == 1, "EQ-1 cleared after the reconnect");
        Assert.Contains("ConditionRefresh", sink.Changes.Last(c => c.AssetId == "EQ-1").Reason);
        Assert.True(adapter.Client.ConditionRefreshCount > refreshes);
        await using var again = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        await AlarmServerFixture.SetAsync(again, 3, true, _ct);
        await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Raised, "EQ-3") == 1, "EQ-3 raised on the restarted server");
        Assert.Equal(1, sink.Count(MesAlarmChangeKind.Raised, "EQ-1"));
        Assert.Equal([("EQ-3", "Fault")], adapter.Conditions!.Active);
    }

    [Fact]
    public async Task NetworkCut_AlarmRaisedMeanwhile_ArrivesOnce_AndAcknowledgeReachesTheServer()
    {
        await using var server = await AlarmServerFixture.StartServerAsync(_ct, machines: 4);
        await using var proxy = new CuttableTcpProxy(server.Port);
        var sink = new RecordingAlarmSink();
        await using var adapter = new MesAdapter(Options(proxy.EndpointUrl), new RecordingMesSink(), alarmSink: sink);
        await adapter.StartAsync(_ct);
        await using var driver = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        await WaitFor.ConditionAsync(() => adapter.Client!.ConditionRefreshCount == 1, "the first refresh");

        proxy.CutAndBlock();
        await WaitFor.ConditionAsync(() => adapter.Client!.State == ConnectionState.Reconnecting, "the adapter to notice the cut");
        await AlarmServerFixture.SetAsync(driver, 4, true, _ct, severity: 650);
        proxy.Unblock();
        await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Raised, "EQ-4") == 1 && adapter.Client!.ConditionRefreshCount >= 2,
            "EQ-4 raised and the refresh after the reconnect");
        // The raise may come twice (the queued event and the refresh's resend): one change all the same.
        Assert.Equal(1, sink.Count(MesAlarmChangeKind.Raised, "EQ-4"));

        var ack = await adapter.AcknowledgeAsync("EQ-4", "Fault", "desk.anna", "Technician on the way", _ct);
        Assert.True(ack.Succeeded, ack.Detail);
        var acked = await adapter.Client!.ResolveBrowsePathAsync(
            [new(MesOpcUaServer.NamespaceUri, "Alarms"), new(MesOpcUaServer.NamespaceUri, "Machine0004"), new(MesOpcUaServer.NamespaceUri, "Fault"), new(null, "AckedState"), new(null, "Id")], _ct);
        await WaitFor.ConditionAsync(async () => (await adapter.Client.ReadValueAsync(acked, _ct)).Value.Value is true, "AckedState/Id true on the server");

        var unknown = await adapter.AcknowledgeAsync("EQ-9", "Fault", "desk.anna", "x", _ct);
        Assert.False(unknown.Succeeded);
        Assert.Contains("No OPC UA condition Fault of EQ-9", unknown.Detail);
    }

    [Fact]
    public async Task HeldAlarms_FirstRefreshClearsThoseEndedMeanwhile_ResentRefusalKeepsItsContentKey()
    {
        await using var server = await AlarmServerFixture.StartServerAsync(_ct, machines: 6);
        await using var proxy = new CuttableTcpProxy(server.Port);
        await using var driver = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        // The hub held EQ-1 and EQ-2 active when it stopped; meanwhile EQ-1 ended on the server, EQ-2 did not.
        await AlarmServerFixture.SetAsync(driver, 2, true, _ct);
        await AlarmServerFixture.SetAsync(driver, 6, true, _ct); // no machine for Machine0006
        var sink = new RecordingAlarmSink { Held = [("EQ-1", "Fault"), ("EQ-2", "Fault")] };
        await using var adapter = new MesAdapter(Options(proxy.EndpointUrl), new RecordingMesSink(), alarmSink: sink);
        await adapter.StartAsync(_ct);

        await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Cleared, "EQ-1") == 1, "EQ-1 cleared by the first refresh");
        Assert.Contains("from before it started watching", sink.Changes.Single(c => c.AssetId == "EQ-1").Reason);
        Assert.DoesNotContain(sink.Changes, c => c.AssetId == "EQ-2"); // still active: neither raised again nor cleared
        Assert.Equal([("EQ-2", "Fault")], adapter.Conditions!.Active);
        Assert.Null(adapter.Conditions.AcknowledgeTarget("EQ-1", "Fault")); // held only: no event of it to acknowledge

        // A reconnect refreshes again: Machine0006's refusal comes twice, with one content key.
        proxy.CutAndBlock();
        await WaitFor.ConditionAsync(() => adapter.Client!.State == ConnectionState.Reconnecting, "the adapter to notice the cut");
        proxy.Unblock();
        await WaitFor.ConditionAsync(() => sink.Changes.Count(c => c.Kind == MesAlarmChangeKind.Rejected) >= 2, "the refusal resent by the second refresh");
        var keys = sink.Changes.Where(c => c.Kind == MesAlarmChangeKind.Rejected).Select(c => c.ContentKey).Distinct().ToList();
        Assert.NotNull(Assert.Single(keys));
        Assert.Equal(1, sink.Count(MesAlarmChangeKind.Cleared, "EQ-1"));
    }

    [Fact]
    public async Task HeldAlarmsUnreadable_ReportedOnTheStatus_ConditionsWatchedAllTheSame()
    {
        await using var server = await AlarmServerFixture.StartServerAsync(_ct, machines: 2);
        var sink = new RecordingAlarmSink { HeldError = new IOException("database is locked") };
        await using var adapter = new MesAdapter(Options(server.EndpointUrl), new RecordingMesSink(), alarmSink: sink);
        await adapter.StartAsync(_ct);
        Assert.Contains("the alarms the hub holds active cannot be read (database is locked)", adapter.GetStatus().LastError);

        await using var driver = await OpcUaClient.ConnectAsync(ReconnectTests.Options(server), _ct);
        await AlarmServerFixture.SetAsync(driver, 1, true, _ct);
        await WaitFor.ConditionAsync(() => sink.Count(MesAlarmChangeKind.Raised, "EQ-1") == 1, "EQ-1 raised");
    }
}
