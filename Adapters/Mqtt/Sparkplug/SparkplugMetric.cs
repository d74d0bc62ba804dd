namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>
/// One metric of a Sparkplug B payload as it is on the wire (the <c>Payload.Metric</c> message, Sparkplug 3.0 section
/// 6.4.4). A data message may carry only the alias and the value; name and datatype then come from the birth.
/// </summary>
public sealed record SparkplugMetric
{
    /// <summary>Field 1: the metric's name; absent when the alias stands for it.</summary>
    public string? Name { get; init; }

    /// <summary>Field 2: the alias the birth gave the metric.</summary>
    public ulong? Alias { get; init; }

    /// <summary>Field 3: milliseconds since 1970-01-01 UTC.</summary>
    public ulong? Timestamp { get; init; }

    /// <summary>Field 4: the datatype number, as sent (it may be one Sparkplug does not define).</summary>
    public uint? DataType { get; init; }

    /// <summary>Field 7: the value is null.</summary>
    public bool IsNull { get; init; }

    /// <summary>Which value field was present.</summary>
    public SparkplugValueField ValueField { get; init; }

    /// <summary>Fields 10, 11 and 14: the integer or boolean value's bits, as unsigned.</summary>
    public ulong Bits { get; init; }

    /// <summary>Fields 12 and 13: the float or double value.</summary>
    public double Real { get; init; }

    /// <summary>Field 15: the string value.</summary>
    public string? Text { get; init; }
}
