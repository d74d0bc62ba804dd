using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// A received PUBLISH waiting for the handler, with the connection it came on and the session epoch it belongs to
/// (a QoS 2 acknowledgement may go back on a later connection of the same session, never of a new session).
/// </summary>
internal readonly record struct InboundMessage(MqttConnection Connection, PublishPacket Packet, MqttApplicationMessage Message, int SessionEpoch);
