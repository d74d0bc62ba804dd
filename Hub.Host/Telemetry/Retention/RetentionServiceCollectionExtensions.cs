using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Telemetry.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers bounded telemetry and retention (issue 17 item 6).</summary>
internal static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// The telemetry history store, the retention store, the store statistics of <c>/health</c> and the retention
    /// service. The SQLite implementations are defaults (<c>TryAdd</c>): another store registers its own first.
    /// </summary>
    public static IServiceCollection AddHubRetention(this IServiceCollection services)
    {
        services.TryAddSingleton<ITelemetryHistoryStore, SqliteTelemetryHistoryStore>();
        services.TryAddSingleton<IRecordRetentionStore, SqliteRecordRetentionStore>();
        services.TryAddSingleton<IStoreStatistics, SqliteStoreStatistics>();
        services.TryAddSingleton<ProcessedFilesSweep>();
        services.TryAddSingleton<RetentionPass>();
        services.TryAddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, RetentionService>(sp => sp.GetRequiredService<RetentionService>()));
        return services;
    }
}
