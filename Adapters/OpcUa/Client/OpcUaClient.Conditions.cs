using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Alarms & Conditions (Part 9): ConditionRefresh, after every reconnect too, and Acknowledge; the Call service (Part 4 5.11).
public sealed partial class OpcUaClient
{
    private long _conditionRefreshes;

    /// <summary>ConditionRefresh calls that succeeded, the ones after reconnects included.</summary>
    public long ConditionRefreshCount => Interlocked.Read(ref _conditionRefreshes);

    /// <summary>
    /// Call (Part 4 5.11.2) of one method; returns its output arguments.
    /// </summary>
    /// <exception cref="OpcUaServiceException">The server refused the call or the method failed (the status says why, and
    /// for a bad input argument which one).</exception>
    public async Task<IReadOnlyList<Variant>> CallMethodAsync(NodeId objectId, NodeId methodId, IReadOnlyList<Variant> inputArguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        ArgumentNullException.ThrowIfNull(methodId);
        ArgumentNullException.ThrowIfNull(inputArguments);
        var response = await CallAsync<CallResponse>(
            new CallRequest { MethodsToCall = [new CallMethodRequest(objectId, methodId, inputArguments)] }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, 1, "Call");
        var result = response.Results[0];
        if (result.StatusCode.IsBad)
        {
            var badArgument = Array.FindIndex(result.InputArgumentResults, s => s.IsBad);
            var detail = badArgument < 0 ? string.Empty : $" (input argument {badArgument}: {result.InputArgumentResults[badArgument]})";
            throw new OpcUaServiceException(result.StatusCode, $"Call of method {methodId} on {objectId} failed: {result.StatusCode}{detail}");
        }

        return result.OutputArguments;
    }

    /// <summary>
    /// ConditionRefresh (Part 9 5.5.7) for <paramref name="subscription"/>: the server sends a RefreshStartEvent, an event
    /// for every condition it retains (active, or waiting for an acknowledgement), and a RefreshEndEvent, in that order,
    /// on the subscription's event items.
    /// </summary>
    public async Task ConditionRefreshAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await CallMethodAsync(WellKnownNodeIds.ConditionType, WellKnownNodeIds.ConditionRefresh, [subscription.Id], cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _conditionRefreshes);
        OpcUaClientLog.ConditionsRefreshed(_options.Logger, subscription.Id);
    }

    /// <summary>
    /// Acknowledge (Part 9 5.7.3) of a condition's state that an event reported: <paramref name="eventId"/> is that event's
    /// EventId, so that a state the operator has not seen is never acknowledged (the server refuses it, BadEventIdUnknown).
    /// </summary>
    public Task AcknowledgeConditionAsync(NodeId conditionId, byte[] eventId, LocalizedText comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(comment);
        return CallMethodAsync(conditionId, WellKnownNodeIds.Acknowledge,
            [new Variant(BuiltInType.ByteString, eventId), new Variant(BuiltInType.LocalizedText, comment)], cancellationToken);
    }

    // The hook after a reconnect (OpcUaClient.Reconnect.cs): events sent while the connection was down may be gone with
    // a lost session or subscription, so every subscription with event items asks for the retained conditions again;
    // what a reader held open and is not among them has ended meanwhile (issue 22 item 1).
    private void RefreshConditionsAfterReconnect()
    {
        var subscriptions = Subscriptions.Where(s => s.HasEventItems).ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            foreach (var subscription in subscriptions)
            {
                try
                {
                    await ConditionRefreshAsync(subscription, _monitorStop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or IOException or OperationCanceledException)
                {
                    // The connection went again (the next reconnect refreshes), or the server refused: said, not hidden.
                    RecordError(e);
                    if (e is not OperationCanceledException)
                    {
                        OpcUaClientLog.ConditionRefreshFailed(_options.Logger, subscription.Id, IntegrationHub.Adapters.Abstractions.LogText.Escape(e.Message));
                    }
                }
            }
        }, CancellationToken.None);
    }
}
