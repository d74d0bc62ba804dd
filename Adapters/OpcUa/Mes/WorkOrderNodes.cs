namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// The nodes that together describe one line's current work order. Whenever one of them changes, the adapter emits
/// one record with the latest value of every field (field name → value text) plus <c>ts</c>, the newest source
/// timestamp, for the mapping of <see cref="Source"/> to turn into a work order.
/// </summary>
public sealed record WorkOrderNodes
{
    /// <summary>The source name; it selects the mapping. <value>The default value is mes-opcua-work-orders.</value></summary>
    public string Source { get; init; } = "mes-opcua-work-orders";

    /// <summary>The production line's name, used as the record's reference and in logs.</summary>
    public string Line { get; init; } = string.Empty;

    /// <summary>Field name → node reference (<see cref="NodeReference"/>), for example WorkOrderNumber → nsu=...;s=Line1.CurrentWorkOrder.WorkOrderNumber.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}
