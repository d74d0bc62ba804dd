namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>What one Sparkplug B message gave: readings, what could not be read, and whether to ask for a rebirth.</summary>
internal sealed class SparkplugReadResult
{
    /// <summary>One field set per reading, for the mapping engine.</summary>
    public List<Dictionary<string, string?>> Readings { get; } = [];

    /// <summary>What in the message could not be read, each naming the metric or field; the message is then dead-lettered (its readings are kept).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Why the hub asks the edge node for its births again (a seq gap, an unknown alias, ...), or null.</summary>
    public string? RebirthReason { get; set; }

    /// <summary>Something the operator may want to know that is not a problem of the message (a stale death ignored).</summary>
    public string? Notice { get; set; }

    /// <summary>Whether the message took an edge node or device offline.</summary>
    public bool WentOffline { get; set; }
}
