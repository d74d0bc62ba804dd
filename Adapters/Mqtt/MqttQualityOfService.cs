namespace IntegrationHub.Adapters.Mqtt;

/// <summary>Delivery guarantee of an application message (MQTT 3.1.1 section 4.3, MQTT 5.0 section 4.3).</summary>
public enum MqttQualityOfService : byte
{
    /// <summary>At most once: no acknowledgement.</summary>
    AtMostOnce = 0,

    /// <summary>At least once: PUBLISH, PUBACK.</summary>
    AtLeastOnce = 1,

    /// <summary>Exactly once: PUBLISH, PUBREC, PUBREL, PUBCOMP.</summary>
    ExactlyOnce = 2,
}
