namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// The default session store: keeps the state in memory, so it survives reconnects and, shared, other client
/// instances in the same process, but not the process. <see cref="IsDurable"/> is false.
/// </summary>
public sealed class InMemoryMqttSessionStore : IMqttSessionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<ushort, MqttStoredPublish>> _outgoing = new(StringComparer.Ordinal);
    // Per client: the current session generation, and each inbound id with the generation it was recorded in.
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<ushort, long>> _inbound = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public bool IsDurable => false;

    /// <inheritdoc/>
    public ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            long generation = Generation(clientId);
            return ValueTask.FromResult(new MqttSessionSnapshot(
                [.. Outgoing(clientId).Values], [.. Inbound(clientId).Where(i => i.Value == generation).Select(i => i.Key)], generation));
        }
    }

    /// <inheritdoc/>
    public ValueTask AddOutgoingAsync(string clientId, MqttStoredPublish publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publish);
        lock (_lock)
        {
            Outgoing(clientId)[publish.PacketId] = publish;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask MarkOutgoingReleasedAsync(string clientId, ushort packetId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Dictionary<ushort, MqttStoredPublish> outgoing = Outgoing(clientId);
            if (outgoing.TryGetValue(packetId, out MqttStoredPublish? publish))
            {
                outgoing[packetId] = publish with { Released = true };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask RemoveOutgoingAsync(string clientId, ushort packetId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Outgoing(clientId).Remove(packetId);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask AddInboundQos2Async(string clientId, ushort packetId, long sessionGeneration, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Dictionary<ushort, long> inbound = Inbound(clientId);
            if (!inbound.TryGetValue(packetId, out long recorded) || recorded <= sessionGeneration)
            {
                inbound[packetId] = sessionGeneration;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Inbound(clientId).Remove(packetId);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<long> StartNewSessionAsync(string clientId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            long generation = Generation(clientId) + 1;
            _generations[clientId] = generation;
            Inbound(clientId).Clear();
            return ValueTask.FromResult(generation);
        }
    }

    private long Generation(string clientId) => _generations.GetValueOrDefault(clientId);

    private Dictionary<ushort, MqttStoredPublish> Outgoing(string clientId)
    {
        if (!_outgoing.TryGetValue(clientId, out Dictionary<ushort, MqttStoredPublish>? map))
        {
            _outgoing[clientId] = map = [];
        }

        return map;
    }

    private Dictionary<ushort, long> Inbound(string clientId)
    {
        if (!_inbound.TryGetValue(clientId, out Dictionary<ushort, long>? set))
        {
            _inbound[clientId] = set = [];
        }

        return set;
    }
}
