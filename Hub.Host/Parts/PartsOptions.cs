namespace IntegrationHub.Hub.Host.Parts;

/// <summary>Spare parts requested by engineers (section <c>Hub:Parts</c>, issue 24 item 3).</summary>
internal sealed record PartsOptions
{
    /// <summary>
    /// Where part requests go to the ERP: one CSV file per request in a folder the ERP imports from, or one REST call per
    /// request. Without either, requests are checked against stock and recorded with the ticket, but not sent (each
    /// says so in its history).
    /// </summary>
    public PartsExportOptions Export { get; init; } = new();
}
