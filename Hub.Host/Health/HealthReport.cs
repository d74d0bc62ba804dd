using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Hub.Host.Health;

/// <summary>
/// What <c>/health</c> answers: the overall state, this node's id, the store, the process's memory, one entry per
/// adapter, the leases of the work that runs on one node (issue 18 item 1), and the change feed that keeps this node's
/// live pages current (issue 18 item 4).
/// </summary>
internal sealed record HealthReport(
    string Status, string Node, StoreHealth Store, MemoryHealth Memory, IReadOnlyList<AdapterStatus> Adapters, IReadOnlyList<LeaseHealth> Leases,
    IntegrationHub.Hub.Host.Store.ChangeFeedStatus Changes);
