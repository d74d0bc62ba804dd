namespace IntegrationHub.Hub.Host.Parts;

/// <summary>Where part requests go to the ERP (<c>Hub:Parts:Export</c>): an import folder, or a REST endpoint.</summary>
internal sealed record PartsExportOptions
{
    /// <summary>
    /// The folder the ERP imports part requests from (relative paths are in the data folder). It must exist, be a real
    /// directory (not a symbolic link) and be writable by the hub's user (checked at start). Each request becomes
    /// <c>part-request-&lt;request no&gt;.csv</c>, written whole under a hidden temporary name and then renamed. None by
    /// default: requests are not sent.
    /// </summary>
    public string? Folder { get; init; }

    /// <summary>
    /// The text encoding the ERP reads: <c>utf-8</c>, <c>utf-8-bom</c> or <c>gb18030</c> (Kingdee, Yonyou; <c>gbk</c> is
    /// written as GB18030, its superset).
    /// </summary>
    /// <value>The default value is <c>utf-8-bom</c>.</value>
    public string Encoding { get; init; } = "utf-8-bom";

    /// <summary>The ERP's REST endpoint, for a site whose ERP takes part requests by a REST call instead of a folder.</summary>
    public PartsRestOptions Rest { get; init; } = new();
}
