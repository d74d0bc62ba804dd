using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Hub.Host.Health;

/// <summary>What <c>/health</c> answers: the overall state, the store, the process's memory, and one entry per adapter.</summary>
internal sealed record HealthReport(string Status, StoreHealth Store, MemoryHealth Memory, IReadOnlyList<AdapterStatus> Adapters);
