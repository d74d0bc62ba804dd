namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>What a session store holds for one client id.</summary>
/// <param name="Outgoing">Our publications in flight, in any order.</param>
/// <param name="InboundQos2">Packet ids of QoS 2 messages handled and awaiting PUBREL, of the current session generation only.</param>
/// <param name="SessionGeneration">The current session generation: 0 until the broker first started a new session for the client.</param>
public sealed record MqttSessionSnapshot(IReadOnlyList<MqttStoredPublish> Outgoing, IReadOnlyList<ushort> InboundQos2, long SessionGeneration = 0)
{
    /// <summary>Gets an empty snapshot.</summary>
    public static MqttSessionSnapshot Empty { get; } = new([], []);
}
