namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>What a session store holds for one client id.</summary>
/// <param name="Outgoing">Our publications in flight, in any order.</param>
/// <param name="InboundQos2">Packet ids of QoS 2 messages handled and awaiting PUBREL.</param>
public sealed record MqttSessionSnapshot(IReadOnlyList<MqttStoredPublish> Outgoing, IReadOnlyList<ushort> InboundQos2)
{
    /// <summary>Gets an empty snapshot.</summary>
    public static MqttSessionSnapshot Empty { get; } = new([], []);
}
