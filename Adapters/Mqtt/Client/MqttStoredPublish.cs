namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>One of our QoS 1/2 publications in flight, as a session store keeps it.</summary>
/// <param name="PacketId">Its packet identifier.</param>
/// <param name="Sequence">The order of first send, so that resends keep it.</param>
/// <param name="Packet">The PUBLISH packet as encoded for the wire (opaque to the store).</param>
/// <param name="Released">Whether PUBREC came (QoS 2): then PUBREL is what gets resent.</param>
public sealed record MqttStoredPublish(ushort PacketId, long Sequence, ReadOnlyMemory<byte> Packet, bool Released);
