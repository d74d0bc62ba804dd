namespace IntegrationHub.Crm.Core.Changes;

/// <summary>
/// Where a canonical change came from and which version of the source it reflects.
/// </summary>
/// <param name="Source">The source's configured name, for example <c>erp-orders</c>.</param>
/// <param name="Timestamp">
/// The source's own time or version of the record. Applying a change whose timestamp is not newer than the
/// stored one changes nothing (last writer wins, DESIGN.md reliability rules).
/// </param>
/// <param name="Reference">Where in the source the record was read, for example <c>orders.csv:17</c>.</param>
public sealed record SourceStamp(string Source, DateTimeOffset Timestamp, string? Reference = null);
