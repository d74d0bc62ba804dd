namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>What the hub knows of one edge node's session, or of one of its devices: from its births and data.</summary>
internal sealed class SparkplugEdgeNode
{
    /// <summary>The bdSeq of the node's last NBIRTH; an NDEATH with another one is from an older session.</summary>
    public ulong? BirthSequence { get; set; }

    /// <summary>The seq of the node's last message (0-255), or null when the hub has not followed it since a birth.</summary>
    public int? LastSeq { get; set; }

    /// <summary>Whether an NBIRTH has been seen since the node's last death (or the hub's start).</summary>
    public bool Born { get; set; }

    /// <summary>When the hub last asked for a rebirth, or null when the last birth answered it.</summary>
    public DateTimeOffset? RebirthRequestedAt { get; set; }

    /// <summary>The node's own metrics (aliases, last values).</summary>
    public SparkplugMetricTable Metrics { get; set; } = new();

    /// <summary>The node's devices by id.</summary>
    public Dictionary<string, SparkplugMetricTable> Devices { get; } = new(StringComparer.Ordinal);
}
