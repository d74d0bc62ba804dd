namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>An XML fragment carried as a UTF-8 string (Part 6 5.2.2.8); kept as text, never parsed by the client.</summary>
/// <param name="Xml">The XML text, or null.</param>
public readonly record struct XmlElement(string? Xml);
