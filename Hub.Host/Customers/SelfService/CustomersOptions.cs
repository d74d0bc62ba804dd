namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>What customers keep of their own data on the portal, and where approved changes go to the ERP (section <c>Hub:Customers</c>, issue 23 item 3).</summary>
internal sealed record CustomersOptions
{
    /// <summary>The portal's profile pages: contacts, delivery addresses and the plans note, changed after the desk approves.</summary>
    public SelfServiceOptions SelfService { get; init; } = new();

    /// <summary>
    /// Where approved changes go to the ERP: one CSV file per change in a folder the ERP imports from. Without a folder an
    /// approved change updates the hub's customer master (and a CRM subscribed to the change feed) but no file is written.
    /// </summary>
    public CustomerExportOptions Export { get; init; } = new();
}
