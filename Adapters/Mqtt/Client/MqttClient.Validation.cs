using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Checking the options and the packets we are about to send.</summary>
public sealed partial class MqttClient
{
    // Beyond this the wait stops saving wake-ups and only adds latency.
    private static readonly TimeSpan MaximumReceiveCoalescing = TimeSpan.FromMilliseconds(20);

    private static void Validate(MqttClientOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Host)) { errors.Add("Host is empty: set it to the broker's host name or address."); }
        if (o.Port is < 1 or > 65535) { errors.Add($"Port {o.Port} is out of range: use 1-65535 (1883 plain, 8883 TLS)."); }
        if (o.KeepAlive < TimeSpan.Zero || o.KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue)) { errors.Add("KeepAlive must be between 0 and 65535 seconds."); }
        if (o.InboundQueueCapacity < 1) { errors.Add("InboundQueueCapacity must be at least 1."); }
        if (o.MaximumPacketSize < 128) { errors.Add("MaximumPacketSize must be at least 128 bytes."); }
        if (o.ReceiveMaximum == 0) { errors.Add("ReceiveMaximum must be at least 1."); }
        if (o.MaximumInflightPublishes is 0) { errors.Add("MaximumInflightPublishes must be at least 1."); }
        if (o.ConnectTimeout <= TimeSpan.Zero) { errors.Add("ConnectTimeout must be positive."); }
        if (o.ReceiveCoalescing < TimeSpan.Zero || o.ReceiveCoalescing > MaximumReceiveCoalescing)
        {
            errors.Add("ReceiveCoalescing must be between 0 (off) and 20 ms; 1 ms is the default.");
        }

        if (o.ProtocolVersion == MqttProtocolVersion.V311 && o.ClientId.Length == 0 && !o.CleanStart)
        {
            errors.Add("MQTT 3.1.1 needs a ClientId for a persistent session (CleanStart = false) [MQTT-3.1.3-7].");
        }

        if (o.ProtocolVersion == MqttProtocolVersion.V311 && o.Password is not null && o.UserName is null)
        {
            errors.Add("MQTT 3.1.1 does not allow a Password without a UserName [MQTT-3.1.2-22].");
        }

        if (o.Reconnect.InitialDelay <= TimeSpan.Zero || o.Reconnect.MaximumDelay < o.Reconnect.InitialDelay)
        {
            errors.Add("Reconnect.InitialDelay must be positive and not above Reconnect.MaximumDelay.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid MQTT client options: " + string.Join(" ", errors), nameof(o));
        }
    }

    private static MqttProperties? ToProperties(MqttApplicationMessage m)
    {
        if (m.MessageExpirySeconds is null && m.ContentType is null && m.ResponseTopic is null && m.CorrelationData is null
            && m.PayloadIsUtf8 is null && m.UserProperties.Count == 0)
        {
            return null;
        }

        return new MqttProperties
        {
            MessageExpiryInterval = m.MessageExpirySeconds,
            ContentType = m.ContentType,
            ResponseTopic = m.ResponseTopic,
            CorrelationData = m.CorrelationData?.ToArray(),
            PayloadFormatIndicator = m.PayloadIsUtf8 is { } utf8 ? (byte)(utf8 ? 1 : 0) : null,
            UserProperties = m.UserProperties.Count == 0 ? null : [.. m.UserProperties],
        };
    }

    private void CheckSize(PublishPacket packet)
    {
        uint? limit;
        lock (_lock)
        {
            limit = _serverMaximumPacketSize;
        }

        if (limit is null)
        {
            return;
        }

        using var measure = new Codec.MqttBufferWriter(packet.Payload.Length + 256);
        var probe = new PublishPacket
        {
            Topic = packet.Topic,
            Payload = packet.Payload,
            QoS = packet.QoS,
            Retain = packet.Retain,
            Properties = packet.Properties,
            PacketId = 1,
        };
        if (_options.ProtocolVersion == MqttProtocolVersion.V500 && _options.UseOutboundTopicAliases)
        {
            // The PUBLISH that sets up an alias carries the full topic plus 3 bytes of Topic Alias property.
            probe.Properties = packet.Properties?.Copy() ?? new MqttProperties();
            probe.Properties.TopicAlias = 1;
        }

        int size = Codec.MqttPacketEncoder.Encode(measure, probe, _options.ProtocolVersion);
        if (size > limit)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The message to '{packet.Topic}' encodes to {size} bytes, above the broker's maximum packet size of {limit} bytes."), nameof(packet));
        }
    }
}
