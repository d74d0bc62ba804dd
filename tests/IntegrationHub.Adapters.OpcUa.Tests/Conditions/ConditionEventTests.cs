using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Tests.Client;
using IntegrationHub.Adapters.OpcUa.Tests.Support;

namespace IntegrationHub.Adapters.OpcUa.Tests.Conditions;

/// <summary>
/// Event monitored items, ConditionRefresh and Acknowledge of the client against node-opcua's Alarms &amp; Conditions
/// (issue 22 item 1): every field of <see cref="ConditionFields.Filter"/> comes back as the server holds it.
/// </summary>
[Collection(AlarmServerCollection.Name)]
public sealed class ConditionEventTests(AlarmServerFixture fixture)
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private async Task<(OpcUaClient Client, OpcUaSubscription Subscription, MonitoredItem Item)> WatchAsync(EventFilterOptions? filter = null)
    {
        var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(fixture.Server), _ct);
        var subscription = await client.CreateSubscriptionAsync(ReconnectTests.Fast, _ct);
        var item = (await subscription.AddItemsAsync([MonitoredItemOptions.ForEvents(new ExpandedNodeId(WellKnownNodeIds.Server), filter ?? ConditionFields.Filter)], _ct))[0];
        Assert.True(item.Status.IsGood, item.Status.ToString());
        return (client, subscription, item);
    }

    // The next condition event of the machine that satisfies what, skipping other machines' and earlier states.
    internal static async Task<ConditionEvent> NextAsync(OpcUaSubscription subscription, int machine, Func<ConditionEvent, bool> what, CancellationToken ct)
    {
        while (true)
        {
            var e = await subscription.Events.ReadAsync(ct);
            var reading = ConditionFields.Read(e.Fields);
            Assert.NotEqual(ConditionEventKind.Invalid, reading.Kind);
            if (reading.Condition is { } c && c.SourceName == AlarmServerFixture.Machine(machine) && what(c))
            {
                return c;
            }
        }
    }

    [Fact]
    public async Task EventItem_AlarmRaisedAndCleared_EveryFieldAsTheServerHoldsIt()
    {
        var (client, subscription, item) = await WatchAsync();
        await using var _ = client;
        // node-opcua checks a select clause by translating its browse path, and an empty one (the ConditionId) fails
        // that check with BadNothingToDo although the field is delivered (asserted below): every other clause is good.
        Assert.All(item.SelectClauseResults.Where((_, i) => ConditionFields.Filter.Select[i] != EventField.ConditionId), s => Assert.True(s.IsGood, s.ToString()));

        await fixture.SetAsync(1, true, _ct, severity: 700, message: "Spindle overheated");
        var raised = await NextAsync(subscription, 1, c => c.Active, _ct);
        Assert.Equal("Fault", raised.ConditionName);
        Assert.Equal(700, raised.Severity);
        Assert.Equal("Spindle overheated", raised.Message);
        Assert.False(raised.Acked);
        Assert.True(raised.Retain);
        Assert.True(raised.Enabled);
        Assert.True(raised.BranchId.IsNull);
        Assert.Null(raised.Confirmed); // the simulator's conditions have no ConfirmedState: null, not an error
        Assert.NotEmpty(raised.EventId);
        Assert.Equal(WellKnownNodeIds.AlarmConditionType, raised.EventType);
        Assert.Equal(client.Namespaces.ToNodeId(ExpandedNodeId.Parse("nsu=urn:integrationhub:simulator:mes;s=Alarms.Machine0001.Fault")), raised.ConditionId);
        Assert.InRange(raised.Time, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));

        await fixture.SetAsync(1, false, _ct, severity: 700);
        var cleared = await NextAsync(subscription, 1, c => !c.Active, _ct);
        Assert.True(cleared.Retain); // still waiting for the acknowledgement of the raise
        Assert.NotEqual(Convert.ToHexString(raised.EventId), Convert.ToHexString(cleared.EventId));
    }

    [Fact]
    public async Task Acknowledge_LastEventId_ServerReportsAckedWithTheComment()
    {
        var (client, subscription, _) = await WatchAsync();
        await using var __ = client;
        await fixture.SetAsync(2, true, _ct, severity: 900);
        var raised = await NextAsync(subscription, 2, c => c.Active, _ct);

        await client.AcknowledgeConditionAsync(raised.ConditionId, raised.EventId, new LocalizedText("en", "on my way"), _ct);
        var acked = await NextAsync(subscription, 2, c => c.Acked, _ct);
        Assert.True(acked.Active);
        Assert.Equal(raised.ConditionId, acked.ConditionId);
        await fixture.SetAsync(2, false, _ct);
        var cleared = await NextAsync(subscription, 2, c => !c.Active, _ct);
        Assert.False(cleared.Retain); // acknowledged and inactive: of no more interest
    }

    [Fact]
    public async Task Acknowledge_ForgedOrReplayedEventId_RefusedByTheServer()
    {
        var (client, subscription, _) = await WatchAsync();
        await using var __ = client;
        await fixture.SetAsync(3, true, _ct);
        var raised = await NextAsync(subscription, 3, c => c.Active, _ct);

        var forged = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            client.AcknowledgeConditionAsync(raised.ConditionId, [1, 2, 3, 4], new LocalizedText(null, "forged"), _ct));
        Assert.Contains("Call of method", forged.Message);
        Assert.True(forged.StatusCode.IsBad);

        await client.AcknowledgeConditionAsync(raised.ConditionId, raised.EventId, new LocalizedText(null, "first"), _ct);
        await NextAsync(subscription, 3, c => c.Acked, _ct);
        // The same acknowledgement again (a replay): the state is acknowledged already.
        var replay = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            client.AcknowledgeConditionAsync(raised.ConditionId, raised.EventId, new LocalizedText(null, "again"), _ct));
        Assert.True(replay.StatusCode.IsBad);
        await fixture.SetAsync(3, false, _ct);
    }

    [Fact]
    public async Task Acknowledge_UnknownCondition_RefusedNamingTheMethod()
    {
        await using var client = await OpcUaClient.ConnectAsync(ReconnectTests.Options(fixture.Server), _ct);
        var e = await Assert.ThrowsAsync<OpcUaServiceException>(() =>
            client.AcknowledgeConditionAsync(new NodeId("no.such.condition", 1), [1], new LocalizedText(null, "x"), _ct));
        Assert.True(e.StatusCode.IsBad);
        Assert.Contains(WellKnownNodeIds.Acknowledge.ToString(), e.Message);
    }

    [Fact]
    public async Task ConditionRefresh_ActiveConditionResentBetweenStartAndEnd()
    {
        await fixture.SetAsync(4, true, _ct, severity: 300);
        var (client, subscription, _) = await WatchAsync();
        await using var __ = client;
        await client.ConditionRefreshAsync(subscription, _ct);

        var kinds = new List<ConditionEventKind>();
        var seen = new List<string>();
        var machine4 = 0;
        while (!kinds.Contains(ConditionEventKind.RefreshEnd))
        {
            var reading = ConditionFields.Read((await subscription.Events.ReadAsync(_ct)).Fields);
            kinds.Add(reading.Kind);
            seen.Add($"{reading.Kind} {reading.Condition?.SourceName} {reading.Condition?.Active} {reading.Condition?.Severity} {reading.Error}");
            if (reading.Condition is { SourceName: "Machine0004", Active: true, Severity: 300 })
            {
                machine4++;
            }
        }

        Assert.Equal(ConditionEventKind.RefreshStart, kinds[0]);
        Assert.True(machine4 == 1, string.Join("\n", seen));
        Assert.Equal(1, client.ConditionRefreshCount);
        await fixture.SetAsync(4, false, _ct);
    }

    [Fact]
    public async Task WhereClause_OnlyRefreshMarkers_NoConditionEventPasses()
    {
        var markersOnly = ConditionFields.Filter with
        {
            Where =
            [
                new EventFilterElement(FilterOperator.Or, [EventFilterOperand.Element(1), EventFilterOperand.Element(2)]),
                EventFilterOptions.OfType(WellKnownNodeIds.RefreshStartEventType)[0],
                EventFilterOptions.OfType(WellKnownNodeIds.RefreshEndEventType)[0],
            ],
        };
        var (client, subscription, item) = await WatchAsync(markersOnly);
        await using var __ = client;
        Assert.All(item.WhereClauseResults, s => Assert.True(s.IsGood, s.ToString()));
        await fixture.SetAsync(5, true, _ct);
        await client.ConditionRefreshAsync(subscription, _ct);
        // Bounded by the refresh's own markers: the raise came before them, and had it passed the filter it would be first.
        var first = ConditionFields.Read((await subscription.Events.ReadAsync(_ct)).Fields);
        var second = ConditionFields.Read((await subscription.Events.ReadAsync(_ct)).Fields);
        Assert.Equal(ConditionEventKind.RefreshStart, first.Kind);
        Assert.Equal(ConditionEventKind.RefreshEnd, second.Kind);
        await fixture.SetAsync(5, false, _ct);
    }

    [Fact]
    public async Task SelectClause_UnknownBrowseName_ServerSaysWhichAndTheOthersStillArrive()
    {
        var filter = ConditionFields.Filter with
        {
            Select = [.. ConditionFields.Filter.Select, EventField.Of(WellKnownNodeIds.BaseEventType, "NoSuchField\u0007")],
        };
        var (client, subscription, _) = await WatchAsync(filter);
        await using var __ = client;
        await fixture.SetAsync(6, true, _ct);
        while (true)
        {
            var e = await subscription.Events.ReadAsync(_ct);
            Assert.Equal(filter.Select.Count, e.Fields.Count);
            if (e.Fields[2].Value as string == "Machine0006")
            {
                Assert.True(e.Fields[^1].IsNull); // the unknown field is null, the known ones are there
                Assert.Equal(true, e.Fields[13].Value);
                break;
            }
        }

        await fixture.SetAsync(6, false, _ct);
    }
}
