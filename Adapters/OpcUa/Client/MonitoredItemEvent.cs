using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// An event delivered for an event monitored item: one value per select clause of its
/// <see cref="MonitoredItemOptions.Events"/>, in the same order. The server sends fewer fields only when it breaks the
/// protocol; the client then passes what came, and the reader checks <see cref="Fields"/>' length.
/// </summary>
/// <param name="Item">The monitored item.</param>
/// <param name="Fields">The selected fields' values, as the server sent them (a field the event's type lacks is null).</param>
public readonly record struct MonitoredItemEvent(MonitoredItem Item, IReadOnlyList<Variant> Fields);
