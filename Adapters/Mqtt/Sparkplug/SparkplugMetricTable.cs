namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>
/// One edge node's or device's metrics as its birth declared them: alias to name and datatype (Sparkplug 3.0 section
/// 6.4.4: data messages may carry the alias alone), and the last value of each numeric metric, which its death turns
/// into an offline reading.
/// </summary>
internal sealed class SparkplugMetricTable
{
    /// <summary>Aliases the birth gave, to the metric's name and datatype.</summary>
    public Dictionary<ulong, (string Name, SparkplugDataType Type)> Aliases { get; } = [];

    /// <summary>Datatypes by name, for data messages that name their metrics and leave the datatype out.</summary>
    public Dictionary<string, SparkplugDataType> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>The last value text and time of each numeric metric, by name.</summary>
    public Dictionary<string, (string Value, DateTimeOffset At, SparkplugDataType Type)> LastValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the device (or node) is online: born and not dead since.</summary>
    public bool Online { get; set; }
}
