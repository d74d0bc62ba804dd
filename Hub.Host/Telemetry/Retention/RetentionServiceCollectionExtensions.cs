using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers bounded telemetry and retention (issue 17 item 6).</summary>
internal static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// The retention service and its pass. The stores it works on (<see cref="ITelemetryHistoryStore"/>,
    /// <see cref="IRecordRetentionStore"/>, <see cref="IStoreStatistics"/>) come from the store's own registration.
    /// </summary>
    public static IServiceCollection AddHubRetention(this IServiceCollection services)
    {
        services.TryAddSingleton<ProcessedFilesSweep>();
        services.TryAddSingleton<RetentionPass>();
        services.TryAddSingleton<RetentionService>();
        services.AddLeasedWork("retention", sp => sp.GetRequiredService<RetentionService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, RetentionService>(sp => sp.GetRequiredService<RetentionService>()));
        return services;
    }
}
