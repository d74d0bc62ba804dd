namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>One telemetry feed: which topics, which source (and so which mapping), and how payloads carry readings.</summary>
public sealed record TelemetrySubscription
{
    /// <summary>The source name; it selects the mapping of the readings.</summary>
    public required string Source { get; init; }

    /// <summary>A topic template such as <c>plant/{site}/{asset}/telemetry</c>; placeholders become fields.</summary>
    public required string Topic { get; init; }

    /// <summary>The subscription's quality of service.</summary>
    /// <value>The default value is 1: at least once, acknowledged after the readings are stored.</value>
    public MqttQualityOfService QoS { get; init; } = MqttQualityOfService.AtLeastOnce;

    /// <summary>How a message carries its readings.</summary>
    /// <value>The default value is <see cref="ReadingsShape.Single"/>.</value>
    public ReadingsShape Shape { get; init; } = ReadingsShape.Single;

    /// <summary>The dotted path of the readings for <see cref="ReadingsShape.Array"/> and <see cref="ReadingsShape.Map"/>.</summary>
    public string? ReadingsPath { get; init; }

    /// <summary>
    /// When set, the hub subscribes as a member of this MQTT 5 shared-subscription group
    /// (<c>$share/&lt;group&gt;/&lt;filter&gt;</c>), so several hub nodes split the feed.
    /// </summary>
    public string? SharedGroup { get; init; }
}
