using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>A received PUBLISH waiting for the handler, with the connection its acknowledgement must go back on.</summary>
internal readonly record struct InboundMessage(MqttConnection Connection, PublishPacket Packet, MqttApplicationMessage Message);
