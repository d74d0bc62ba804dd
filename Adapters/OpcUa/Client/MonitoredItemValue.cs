using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>A value delivered for a monitored item.</summary>
/// <param name="Item">The monitored item.</param>
/// <param name="Value">The value with its status and timestamps.</param>
public readonly record struct MonitoredItemValue(MonitoredItem Item, DataValue Value);
