using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Stands for a store that outlives the process (the hub's SQLite one): shared by the two instances.</summary>
internal sealed class DurableTestStore : IMqttSessionStore
{
    private readonly InMemoryMqttSessionStore _inner = new();
    private int _inboundAdds;

    public bool IsDurable => true;

    public int OutgoingCount(string clientId) => _inner.LoadAsync(clientId, default).Result.Outgoing.Count;

    public int InboundCount(string clientId) => _inner.LoadAsync(clientId, default).Result.InboundQos2.Count;

    /// <summary>Gets how many times an inbound QoS 2 id was recorded, by a client or by a handler.</summary>
    public int InboundAdds => Volatile.Read(ref _inboundAdds);

    public long Generation(string clientId) => _inner.LoadAsync(clientId, default).Result.SessionGeneration;

    public ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken) => _inner.LoadAsync(clientId, cancellationToken);

    public ValueTask AddOutgoingAsync(string clientId, MqttStoredPublish publish, CancellationToken cancellationToken) => _inner.AddOutgoingAsync(clientId, publish, cancellationToken);

    public ValueTask MarkOutgoingReleasedAsync(string clientId, ushort packetId, CancellationToken cancellationToken) => _inner.MarkOutgoingReleasedAsync(clientId, packetId, cancellationToken);

    public ValueTask RemoveOutgoingAsync(string clientId, ushort packetId, CancellationToken cancellationToken) => _inner.RemoveOutgoingAsync(clientId, packetId, cancellationToken);

    public ValueTask AddInboundQos2Async(string clientId, ushort packetId, long sessionGeneration, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inboundAdds);
        return _inner.AddInboundQos2Async(clientId, packetId, sessionGeneration, cancellationToken);
    }

    public ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken) => _inner.RemoveInboundQos2Async(clientId, packetId, cancellationToken);

    public ValueTask<long> StartNewSessionAsync(string clientId, CancellationToken cancellationToken) => _inner.StartNewSessionAsync(clientId, cancellationToken);
}
