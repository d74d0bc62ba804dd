namespace IntegrationHub.Adapters.Abstractions;

/// <summary>
/// One record as a source delivered it, before mapping: a CSV row, a JSON message, a database row.
/// Values are kept as the source's text so that a mapping decides how to read them and a dead letter keeps
/// exactly what arrived.
/// </summary>
/// <param name="Source">The configured source name; it selects the mapping.</param>
/// <param name="Reference">Where the record was read, for example <c>orders.csv:17</c> or an MQTT topic.</param>
/// <param name="Fields">The record's fields by source column name.</param>
/// <param name="ReceivedAt">
/// The time the source vouches for when the record itself carries none (a file's last write time, a message's
/// arrival); a mapping that declares a timestamp column uses that instead.
/// </param>
public sealed record SourceRecord(
    string Source,
    string Reference,
    IReadOnlyDictionary<string, string?> Fields,
    DateTimeOffset ReceivedAt)
{
    /// <summary>
    /// The record as it stood in the source, decoded from the source's encoding (a CSV record's text, line breaks
    /// inside quoted fields included), so that an operator's error report shows what the export held (issue 23 item 6);
    /// null when the source has no such text (an Excel row, a database row).
    /// </summary>
    public string? Raw { get; init; }
}
