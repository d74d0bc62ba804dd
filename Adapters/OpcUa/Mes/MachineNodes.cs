namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>
/// The nodes of one machine: each metric's changes become readings (fields <c>asset</c>, <c>metric</c>, <c>value</c>,
/// <c>unit</c>, <c>quality</c>, <c>ts</c>) for the mapping of the metric's source, like MQTT telemetry.
/// </summary>
public sealed record MachineNodes
{
    /// <summary>The hub's asset id of the machine, for example EQ-C001-01.</summary>
    public string AssetId { get; init; } = string.Empty;

    /// <summary>Metric name → its node.</summary>
    public IReadOnlyDictionary<string, MetricNode> Metrics { get; init; } = new Dictionary<string, MetricNode>();
}
