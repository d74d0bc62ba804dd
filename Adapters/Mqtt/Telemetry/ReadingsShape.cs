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
}
