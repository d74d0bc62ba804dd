using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Mes;

// Alarms & Conditions (issue 22 item 1): an event item on the adapter's subscription, its events to alarm changes through
// the ConditionTracker, a ConditionRefresh at every subscribe (the client adds one after every reconnect), and Acknowledge.
public sealed partial class MesAdapter
{
    private ConditionTracker? _conditions;
    private Task _conditionPump = Task.CompletedTask;
    private long _conditionEvents;
    private long _alarmChanges;
    private long _conditionsRejected;

    /// <summary>The conditions seen (machine and code held active, the EventIds to acknowledge); null without alarms.</summary>
    public ConditionTracker? Conditions => Volatile.Read(ref _conditions);

    // Under the gate, in SubscribeAsync: the event item, its pump, then the refresh that reports what is active now.
    private async Task WatchConditionsAsync(OpcUaClient client, OpcUaSubscription subscription, List<string> errors, CancellationToken stop, CancellationToken cancellationToken)
    {
        if (_options.Alarms is not { } alarms || _alarmSink is null)
        {
            return;
        }

        ExpandedNodeId notifier;
        try
        {
            notifier = await NodeReference.Parse(alarms.Notifier).ResolveAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or OpcUaServiceException)
        {
            errors.Add(NodeError($"alarm notifier '{alarms.Notifier}': {e.Message}"));
            return;
        }

        MonitoredItem item;
        try
        {
            item = (await subscription.AddItemsAsync([MonitoredItemOptions.ForEvents(notifier, ConditionFields.Filter)], cancellationToken).ConfigureAwait(false))[0];
        }
        catch (OpcUaServiceException e)
        {
            errors.Add(NodeError($"alarm notifier '{alarms.Notifier}' ({notifier}): the event item cannot be created: {e.Message}"));
            return;
        }

        // The ConditionId's clause has an empty browse path, which some servers (node-opcua) check as a path and report
        // BadNothingToDo for while they deliver the field: a missing ConditionId shows in every event's reading instead.
        var refused = item.SelectClauseResults.Select((s, i) => (s, i))
            .Where(x => x.s.IsBad && ConditionFields.Filter.Select[x.i] != EventField.ConditionId).ToList();
        if (item.Status.IsBad)
        {
            errors.Add(NodeError($"alarm notifier '{alarms.Notifier}' ({notifier}) cannot be watched for events: {item.Status}"));
            return;
        }

        if (refused.Count > 0)
        {
            // The server cannot give some field (an old server without ConfirmedState, say): those are null in every event.
            errors.Add(NodeError($"alarm notifier '{alarms.Notifier}': the server refused the event fields {string.Join(", ", refused.Select(x => $"{ConditionFields.Filter.Select[x.i]} ({x.s})"))}"));
        }

        var tracker = new ConditionTracker(alarms, _options.Client.EndpointUrl.OriginalString);
        await HoldStoredAlarmsAsync(tracker, errors, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _conditions, tracker);
        _conditionPump = Task.Run(() => ConditionPumpAsync(subscription, tracker, stop), CancellationToken.None);
        MesLog.WatchingConditions(_logger, _options.Name, alarms.Notifier, _options.Client.EndpointUrl);
        try
        {
            await client.ConditionRefreshAsync(subscription, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException e)
        {
            errors.Add(NodeError($"ConditionRefresh failed: {e.Message}"));
            MesLog.ConditionRefreshFailed(_logger, _options.Name, subscription.Id, LogText.Escape(e.Message));
        }
    }

    // Before the pump and the refresh: the alarms the hub holds active take part in the refresh's reconciliation, so one
    // that ended on the server while no tracker watched (the hub was down, another node had the work) is cleared at its end.
    private async Task HoldStoredAlarmsAsync(ConditionTracker tracker, List<string> errors, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string AssetId, string Code)> held;
        try
        {
            held = await _alarmSink!.HeldActiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the alarms raised from now on are tracked; the held ones stay until their condition changes.
            // On the status with the node errors, logged under an id of its own (not 4201's).
            errors.Add($"the alarms the hub holds active cannot be read ({LogText.Escape(e.Message)}); one that ended on the server while the hub was down stays open until its condition changes again");
            MesLog.HeldAlarmsUnreadable(_logger, _options.Name, LogText.Escape(e.Message));
            return;
        }

        tracker.Hold(held);
        MesLog.HoldingAlarms(_logger, _options.Name, held.Count);
    }

    private async Task ConditionPumpAsync(OpcUaSubscription subscription, ConditionTracker tracker, CancellationToken cancellationToken)
    {
        var reader = subscription.Events;
        var changes = new List<MesAlarmChange>();
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                while (changes.Count < _options.BatchSize && reader.TryRead(out var e))
                {
                    Interlocked.Increment(ref _conditionEvents);
                    changes.AddRange(tracker.OnEvent(ConditionFields.Read(e.Fields), now));
                }

                foreach (var rejected in changes.Where(c => c.Kind == MesAlarmChangeKind.Rejected))
                {
                    Interlocked.Increment(ref _conditionsRejected);
                    SetError(rejected.Reason);
                    MesLog.ConditionRejected(_logger, _options.Name, rejected.Reference, rejected.Reason);
                }

                if (changes.Count > 0)
                {
                    await ApplyAlarmsWithRetryAsync(changes, cancellationToken).ConfigureAwait(false);
                    changes.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAlarmsWithRetryAsync(List<MesAlarmChange> changes, CancellationToken cancellationToken)
    {
        await RetryUntilStoredAsync(() => _alarmSink!.ApplyAsync(changes, cancellationToken), $"{changes.Count} alarm changes",
            (delay, e) => MesLog.AlarmStoreFailed(_logger, _options.Name, changes.Count, delay, e), cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _alarmChanges, changes.Count);
    }

    /// <summary>
    /// Acknowledges on the server the condition behind the alarm of <paramref name="assetId"/> and <paramref name="code"/>
    /// (Part 9 5.7.3), naming the last state the adapter saw, with <paramref name="comment"/> (the desk user's).
    /// </summary>
    public async Task<ConditionAcknowledgement> AcknowledgeAsync(string assetId, string code, string user, string comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (Conditions?.AcknowledgeTarget(assetId, code) is not { } target)
        {
            return new ConditionAcknowledgement(false, $"No OPC UA condition {code} of {assetId} has been seen by this node's MES adapter.");
        }

        if (_client is not { State: ConnectionState.Connected } client)
        {
            return new ConditionAcknowledgement(false, "The MES server is not connected.", IsTransient: true);
        }

        try
        {
            await client.AcknowledgeConditionAsync(target.ConditionId, target.EventId, new LocalizedText(null, comment), cancellationToken).ConfigureAwait(false);
            MesLog.ConditionAcknowledged(_logger, _options.Name, assetId, code, LogText.Escape(user));
            return new ConditionAcknowledgement(true, $"Acknowledged on the MES server (condition {target.ConditionId}).");
        }
        catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or IOException)
        {
            MesLog.ConditionAcknowledgeFailed(_logger, _options.Name, assetId, code, LogText.Escape(e.Message));
            return new ConditionAcknowledgement(false, $"The MES server refused the acknowledgement: {e.Message}", e is not OpcUaServiceException { IsTransient: false });
        }
    }
}
