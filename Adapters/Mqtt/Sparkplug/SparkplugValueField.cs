namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>Which member of a metric's <c>value</c> oneof was present: its protobuf field number (Sparkplug 3.0, 6.4.4).</summary>
public enum SparkplugValueField
{
    None = 0,
    Int = 10,
    Long = 11,
    Float = 12,
    Double = 13,
    Boolean = 14,
    String = 15,
    Bytes = 16,
    DataSet = 17,
    Template = 18,
    Extension = 19,
}
