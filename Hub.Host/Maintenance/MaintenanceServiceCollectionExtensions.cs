using IntegrationHub.Hub.Host.Maintenance;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers preventive maintenance (issue 24 item 4).</summary>
internal static class MaintenanceServiceCollectionExtensions
{
    /// <summary>The maintenance pass, run by leased work <c>maintenance</c> on one node at a time.</summary>
    public static IServiceCollection AddHubMaintenance(this IServiceCollection services)
    {
        services.TryAddSingleton<MaintenancePass>();
        services.TryAddSingleton<MaintenanceService>();
        services.AddLeasedWork(MaintenanceService.Work, sp => sp.GetRequiredService<MaintenanceService>());
        return services;
    }
}
