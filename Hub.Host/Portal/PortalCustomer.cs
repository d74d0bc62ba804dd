namespace IntegrationHub.Hub.Host.Portal;

/// <summary>Who is signed in to the portal: the customer's code and name, and the language the ERP has for them.</summary>
internal sealed record PortalCustomer(string CustomerCode, string Name, string? Language);
