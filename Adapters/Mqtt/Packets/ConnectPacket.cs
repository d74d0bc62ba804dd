namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>CONNECT (MQTT 3.1.1 section 3.1, MQTT 5.0 section 3.1).</summary>
internal sealed class ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V311;
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Clean Session (3.1.1) or Clean Start (5.0).</summary>
    public bool CleanSession { get; set; } = true;
    public ushort KeepAliveSeconds { get; set; }
    public string? UserName { get; set; }
    public byte[]? Password { get; set; }
    public bool HasWill { get; set; }
    public string WillTopic { get; set; } = string.Empty;
    public byte[] WillPayload { get; set; } = [];
    public MqttQualityOfService WillQoS { get; set; }
    public bool WillRetain { get; set; }
    public MqttProperties? WillProperties { get; set; }
    public MqttProperties? Properties { get; set; }
}
