namespace IntegrationHub.Adapters.Abstractions;

/// <summary>A snapshot of an adapter's health, as <c>/health</c> shows it.</summary>
public sealed record AdapterStatus
{
    public required string Name { get; init; }

    public required AdapterState State { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The server the adapter is connected to, for adapters that hold a connection (the MES OPC UA session).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Endpoint { get; init; }

    /// <summary>
    /// The last gap in a subscription's values and what was recovered of it, for adapters that can recover values (the
    /// MES adapter from the OPC UA server's history, issue 22 item 2); null when there was none.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? LastGap { get; init; }

    /// <summary>Counters by name, for example <c>filesImported</c>, <c>rowsStored</c>, <c>deadLetters</c>.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
}
