namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>One machine signal. Booleans become 1 and 0; text (a state such as Running) goes to a mapping with a code table.</summary>
public sealed record MetricNode
{
    /// <summary>The node (<see cref="NodeReference"/>).</summary>
    public string Node { get; init; } = string.Empty;

    /// <summary>The source name, which selects the mapping. <value>The default value is mes-opcua-machines.</value></summary>
    public string Source { get; init; } = "mes-opcua-machines";

    /// <summary>The unit, when the node's value has one.</summary>
    public string? Unit { get; init; }
}
