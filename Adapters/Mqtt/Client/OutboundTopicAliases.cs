using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// Our topic aliases on one connection (MQTT 5.0 section 3.3.2.3.4): the first PUBLISH to a topic carries the topic
/// and a new alias, later ones an empty topic and the alias. Aliases go to the first distinct topics, up to the
/// broker's Topic Alias Maximum; topics beyond that are sent in full. Used only by the connection's single writer, in
/// wire order, so a mapping is always on the wire before its first use; a new connection starts with an empty map
/// [MQTT-3.3.2-7].
/// </summary>
internal sealed class OutboundTopicAliases
{
    private readonly Dictionary<string, ushort> _aliases = new(StringComparer.Ordinal);
    private readonly ushort _maximum;

    public OutboundTopicAliases(ushort maximum)
    {
        ArgumentOutOfRangeException.ThrowIfZero(maximum);
        _maximum = maximum;
    }

    /// <summary>Gets how many aliases were assigned on this connection.</summary>
    public int Count => _aliases.Count;

    /// <summary>
    /// Returns the packet to put on the wire: <paramref name="publish"/> itself when it gets no alias, otherwise a copy
    /// with the alias (the original stays intact, so a resend on a later connection starts from the full topic).
    /// </summary>
    public PublishPacket Apply(PublishPacket publish)
    {
        if (publish.Topic.Length == 0 || publish.Properties?.TopicAlias is not null)
        {
            return publish;
        }

        if (_aliases.TryGetValue(publish.Topic, out ushort alias))
        {
            return WithAlias(publish, string.Empty, alias);
        }

        if (_aliases.Count >= _maximum)
        {
            return publish;
        }

        alias = (ushort)(_aliases.Count + 1);
        _aliases.Add(publish.Topic, alias);
        return WithAlias(publish, publish.Topic, alias);
    }

    private static PublishPacket WithAlias(PublishPacket publish, string topic, ushort alias)
    {
        MqttProperties properties = publish.Properties?.Copy() ?? new MqttProperties();
        properties.TopicAlias = alias;
        return new PublishPacket
        {
            Dup = publish.Dup,
            QoS = publish.QoS,
            Retain = publish.Retain,
            Topic = topic,
            PacketId = publish.PacketId,
            Properties = properties,
            Payload = publish.Payload,
        };
    }
}
