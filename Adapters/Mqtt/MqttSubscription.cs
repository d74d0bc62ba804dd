namespace IntegrationHub.Adapters.Mqtt;

/// <summary>
/// One topic filter to subscribe to, with its MQTT 5.0 subscription options (section 3.8.3.1). Under 3.1.1 only
/// <see cref="QoS"/> is sent. A shared subscription is a filter of the form <c>$share/{group}/{filter}</c>.
/// </summary>
public sealed record MqttSubscription
{
    /// <summary>Creates a subscription to <paramref name="topicFilter"/> at <paramref name="qos"/>.</summary>
    public MqttSubscription(string topicFilter, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce)
    {
        TopicFilter = topicFilter;
        QoS = qos;
    }

    /// <summary>Gets the topic filter, wildcards <c>+</c> and <c>#</c> allowed.</summary>
    public string TopicFilter { get; init; }

    /// <summary>Gets the maximum QoS the broker may use to deliver. <value>The default value is QoS 1.</value></summary>
    public MqttQualityOfService QoS { get; init; }

    /// <summary>Gets whether the broker must not send back this client's own publications (5.0 only). <value>The default value is false.</value></summary>
    public bool NoLocal { get; init; }

    /// <summary>Gets whether forwarded messages keep the RETAIN flag they were published with (5.0 only). <value>The default value is false.</value></summary>
    public bool RetainAsPublished { get; init; }

    /// <summary>Gets when retained messages are sent (5.0 only). <value>The default value is <see cref="MqttRetainHandling.SendAtSubscribe"/>.</value></summary>
    public MqttRetainHandling RetainHandling { get; init; }
}
