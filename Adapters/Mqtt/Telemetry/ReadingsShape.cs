namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>How a message carries several readings.</summary>
public enum ReadingsShape
{
    /// <summary>The message is one reading: <c>{"metric":"temp","value":71.2}</c>.</summary>
    Single,

    /// <summary>An array of reading objects: <c>{"ts":"...","readings":[{"metric":"temp","value":71.2}, ...]}</c>.</summary>
    Array,

    /// <summary>
    /// An object of metric names to values: <c>{"ts":"...","values":{"temp":71.2,"rpm":1200}}</c>; each property
    /// becomes a reading with fields <c>metric</c> and <c>value</c> (or the fields of an object value).
    /// </summary>
    Map,

    /// <summary>
    /// Sparkplug B (protobuf) on <c>spBv1.0/&lt;group&gt;/&lt;NBIRTH|DBIRTH|NDATA|DDATA|NDEATH|DDEATH&gt;/&lt;edge node&gt;[/&lt;device&gt;]</c>:
    /// each numeric metric becomes a reading with fields <c>group</c>, <c>edgeNode</c>, <c>device</c>, <c>asset</c>
    /// (the device, or the edge node for its own metrics), <c>metric</c>, <c>value</c>, <c>ts</c>, <c>datatype</c> and
    /// <c>quality</c> (<c>Offline</c> when a death made the metric stale). Aliases are resolved from the births; a seq gap
    /// or an unknown alias asks the edge node for a rebirth. ReadingsPath is not used.
    /// </summary>
    SparkplugB,
}
