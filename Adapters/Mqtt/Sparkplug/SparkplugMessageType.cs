namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>The message types of the Sparkplug B topic namespace (Sparkplug 3.0 section 4.1.3).</summary>
public enum SparkplugMessageType
{
    NBIRTH,
    NDEATH,
    DBIRTH,
    DDEATH,
    NDATA,
    DDATA,
    NCMD,
    DCMD,

    /// <summary><c>spBv1.0/STATE/&lt;host id&gt;</c>: a host application's own online state, not an edge node's.</summary>
    STATE,
}
