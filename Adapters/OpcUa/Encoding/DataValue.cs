namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>A value with its status and timestamps (Part 4 7.11, Part 6 5.2.2.17).</summary>
public sealed record DataValue
{
    /// <summary>The value.</summary>
    public Variant Value { get; init; }

    /// <summary>The status of the value. <value>The default value is Good.</value></summary>
    public StatusCode Status { get; init; }

    /// <summary>When the source produced the value (UTC), if given.</summary>
    public DateTime? SourceTimestamp { get; init; }

    /// <summary>Extra resolution of the source timestamp, in 10 ps units as on the wire.</summary>
    public ushort SourcePicoseconds { get; init; }

    /// <summary>When the server received or produced the value (UTC), if given.</summary>
    public DateTime? ServerTimestamp { get; init; }

    /// <summary>Extra resolution of the server timestamp, in 10 ps units as on the wire.</summary>
    public ushort ServerPicoseconds { get; init; }
}
