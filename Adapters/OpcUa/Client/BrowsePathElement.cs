namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>One step of a browse path: a browse name qualified by its namespace URI (never by index).</summary>
/// <param name="NamespaceUri">The namespace URI of the browse name; null or empty for the OPC UA namespace.</param>
/// <param name="Name">The browse name.</param>
public sealed record BrowsePathElement(string? NamespaceUri, string Name);
