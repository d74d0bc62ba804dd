namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>One CRM webhook subscription (<c>Hub:Crm:Webhooks:&lt;name&gt;</c>).</summary>
internal sealed record CrmWebhookOptions
{
    /// <summary>The receiver's address: http or https, without user name or password in it (put credentials in the signature's secret).</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>The kinds it receives, as in the change feed: Customer, Contact, SalesOrder, SalesOrderLine, StockLevel, WorkOrder, Shipment, InstalledEquipment, ServiceTicket.</summary>
    public string[] Kinds { get; init; } = [];

    /// <summary>
    /// A file holding the signing secret (at least 16 bytes; relative paths are in the data folder), readable by the
    /// hub's user only: the secret never sits in the settings.
    /// </summary>
    public string SecretFile { get; init; } = string.Empty;

    /// <summary>How long to wait for the receiver's answer; a receiver that does not answer in time is retried later.</summary>
    /// <value>The default value is 10 seconds; 1 second to 5 minutes.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
