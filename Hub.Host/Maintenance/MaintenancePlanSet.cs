using IntegrationHub.Crm.Core.Maintenance;

namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>The plans read from the plan folder, and every problem found, each naming its file, line and field.</summary>
internal sealed record MaintenancePlanSet(IReadOnlyList<MaintenancePlan> Plans, IReadOnlyList<string> Errors)
{
    public static MaintenancePlanSet Empty { get; } = new([], []);
}
