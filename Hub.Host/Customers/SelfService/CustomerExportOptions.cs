namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>The ERP's import folder for approved customer changes (<c>Hub:Customers:Export</c>).</summary>
internal sealed record CustomerExportOptions
{
    /// <summary>
    /// The folder the ERP imports customer changes from (relative paths are in the data folder). It must exist, be a real
    /// directory (not a symbolic link) and be writable by the hub's user (checked at start). Each approved change becomes
    /// <c>customer-change-&lt;change id&gt;.csv</c>, written whole under a hidden temporary name and then renamed. None by
    /// default: changes update the hub's customer master only.
    /// </summary>
    public string? Folder { get; init; }

    /// <summary>
    /// The text encoding the ERP reads: <c>utf-8</c>, <c>utf-8-bom</c> or <c>gb18030</c> (Kingdee, Yonyou; <c>gbk</c> is
    /// written as GB18030, its superset).
    /// </summary>
    /// <value>The default value is <c>utf-8-bom</c>.</value>
    public string Encoding { get; init; } = "utf-8-bom";
}
