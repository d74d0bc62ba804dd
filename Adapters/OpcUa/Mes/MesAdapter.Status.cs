using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;

namespace IntegrationHub.Adapters.OpcUa.Mes;

// The adapter's state for /health: Standby (issue 18 item 1) while the session is open and no subscription is.
public sealed partial class MesAdapter
{
    /// <summary>The adapter's state for /health, with the server it is connected to.</summary>
    public AdapterStatus GetStatus()
    {
        string? nodeError;
        lock (_nodeErrors)
        {
            nodeError = _nodeErrors.Count == 0 ? null : string.Join("; ", _nodeErrors);
        }

        var client = _client;
        // Issue 16 item 9: a subscription the server stopped serving is an error, though the connection is fine.
        var silent = client?.SilentSubscriptions.Select(s =>
            $"OPC UA subscription {s.Id} has delivered nothing, not even a keep-alive, for several keep-alive periods (of {s.KeepAlivePeriod}) while the server published for others").FirstOrDefault();
        var state = client is null ? AdapterState.Starting
            : client.State == ConnectionState.Reconnecting ? AdapterState.Retrying
            : client.State == ConnectionState.Closed ? AdapterState.Stopped
            : nodeError is not null || silent is not null ? AdapterState.Faulted
            : IsSubscribed ? AdapterState.Running
            : AdapterState.Standby;
        return new AdapterStatus
        {
            Name = _options.Name,
            State = state,
            LastSuccessAt = _lastStoredAt,
            LastError = nodeError ?? silent ?? (state == AdapterState.Retrying ? client?.LastError?.Message : null) ?? _lastError,
            LastErrorAt = _lastErrorAt,
            Endpoint = client is null ? null : _options.Client.EndpointUrl.OriginalString,
            LastGap = Volatile.Read(ref _lastGap),
            Counts = new Dictionary<string, long>
            {
                ["nodes"] = IsSubscribed ? _bindings.Count : _wanted.Count,
                ["valuesIn"] = Interlocked.Read(ref _valuesIn),
                ["recordsStored"] = Interlocked.Read(ref _recordsStored),
                ["valuesSkipped"] = Interlocked.Read(ref _skipped),
                // The gaps: messages the server no longer had; /metrics shows them as errors{kind="messagesLost"}.
                ["messagesLost"] = LostMessages(),
                ["reconnects"] = client?.ReconnectCount ?? 0,
                ["failedReconnects"] = client?.FailedReconnectAttempts ?? 0,
                ["sessionsCreated"] = client?.SessionsCreated ?? 0,
                ["subscriptionsCreated"] = Interlocked.Read(ref _subscriptionsCreated),
                // Issue 22 item 2: gaps in the subscription, values recovered from history, nodes whose gap was not.
                ["gaps"] = Interlocked.Read(ref _gaps),
                ["valuesRecovered"] = Interlocked.Read(ref _valuesRecovered),
                ["nodeGapsNotRecovered"] = Interlocked.Read(ref _nodeGapsNotRecovered),
                ["duplicatesSkipped"] = Interlocked.Read(ref _duplicatesSkipped),
                ["conditionEvents"] = Interlocked.Read(ref _conditionEvents),
                ["alarmChanges"] = Interlocked.Read(ref _alarmChanges),
                ["conditionsRejected"] = Interlocked.Read(ref _conditionsRejected),
                ["conditionRefreshes"] = client?.ConditionRefreshCount ?? 0,
            },
        };
    }
}
