namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// Which of an adapter's <c>/health</c> counts (<see cref="IntegrationHub.Adapters.Abstractions.AdapterStatus.Counts"/>)
/// stands for what across adapters: each adapter names its counts in its own words, and the instruments give them one
/// name each, so that a dashboard sums records stored over every adapter (issue 19 item 2: "prefer observable
/// instruments reading the same sources over new counting paths").
/// </summary>
internal static class AdapterCounts
{
    /// <summary>Records (messages, notifications, rows) taken in: MQTT messages, OPC UA notifications, database rows read.</summary>
    public static readonly string[] Received = ["messagesIn", "valuesIn", "rowsRead"];

    /// <summary>Records stored in the hub.</summary>
    public static readonly string[] Stored = ["readingsStored", "recordsStored", "rowsStored", "itemsStored"];

    /// <summary>Records refused: sent to the dead letters (mapping failed) or skipped as unusable.</summary>
    public static readonly string[] Rejected = ["deadLetters", "rowsRejected", "valuesSkipped"];

    /// <summary>Failures, each kind a label value: a failed poll, a file that could not be read, messages lost.</summary>
    public static readonly string[] Errors =
        ["failures", "filesFailed", "filesRefused", "messagesLost", "oversizedMessages", "brokerDroppedMessages", "failedReconnects", "failedAttempts", "nodeGapsNotRecovered"];

    /// <summary>How far a polled source is behind: the age of its watermark, in seconds (database polling).</summary>
    public const string LagSeconds = "lagSeconds";

    /// <summary>Messages received and not yet handed to the store (MQTT).</summary>
    public const string Waiting = "inboundQueued";

    /// <summary>Connections made again after a loss.</summary>
    public const string Reconnects = "reconnects";
}
