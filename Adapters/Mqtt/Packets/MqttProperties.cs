namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>
/// MQTT 5.0 properties (section 2.2.2.2). A null member was absent on the wire. Only user properties and
/// subscription identifiers may repeat; any other duplicate is a protocol error when decoding.
/// </summary>
internal sealed class MqttProperties
{
    public byte? PayloadFormatIndicator { get; set; }
    public uint? MessageExpiryInterval { get; set; }
    public string? ContentType { get; set; }
    public string? ResponseTopic { get; set; }
    public byte[]? CorrelationData { get; set; }
    public List<uint>? SubscriptionIdentifiers { get; set; }
    public uint? SessionExpiryInterval { get; set; }
    public string? AssignedClientIdentifier { get; set; }
    public ushort? ServerKeepAlive { get; set; }
    public string? AuthenticationMethod { get; set; }
    public byte[]? AuthenticationData { get; set; }
    public byte? RequestProblemInformation { get; set; }
    public uint? WillDelayInterval { get; set; }
    public byte? RequestResponseInformation { get; set; }
    public string? ResponseInformation { get; set; }
    public string? ServerReference { get; set; }
    public string? ReasonString { get; set; }
    public ushort? ReceiveMaximum { get; set; }
    public ushort? TopicAliasMaximum { get; set; }
    public ushort? TopicAlias { get; set; }
    public byte? MaximumQoS { get; set; }
    public byte? RetainAvailable { get; set; }
    public List<MqttUserProperty>? UserProperties { get; set; }
    public uint? MaximumPacketSize { get; set; }
    public byte? WildcardSubscriptionAvailable { get; set; }
    public byte? SubscriptionIdentifierAvailable { get; set; }
    public byte? SharedSubscriptionAvailable { get; set; }

    /// <summary>Returns a shallow copy (lists and arrays are shared: they are not changed after sending).</summary>
    public MqttProperties Copy() => (MqttProperties)MemberwiseClone();
}
