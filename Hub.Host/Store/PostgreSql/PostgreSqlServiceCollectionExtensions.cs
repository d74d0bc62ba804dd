using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store (issue 17 item 2).</summary>
internal static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// The store on PostgreSQL: one <see cref="PostgreSqlConnections"/> (one NpgsqlDataSource, disposed with the
    /// container) as the store's connection source, and every store interface of <c>Hub.Host/Store/</c> on it, as
    /// <c>AddSqliteStore</c> registers them. <c>TryAdd</c>, so that a test may put its own part first.
    /// </summary>
    public static IServiceCollection AddPostgreSqlStore(this IServiceCollection services, StoreOptions store)
    {
        services.TryAddSingleton(sp => new PostgreSqlConnections(store.ConnectionString ?? string.Empty, sp.GetService<ILoggerFactory>()?.CreateLogger<PostgreSqlConnections>()));
        services.TryAddSingleton<PostgreSqlHubStore>();
        services.TryAddSingleton<IHubStore>(sp => sp.GetRequiredService<PostgreSqlHubStore>());
        services.TryAddSingleton<IRulesStore, PostgreSqlRulesStore>();
        services.TryAddSingleton<IPartRequestStore, PostgreSqlPartRequestStore>();
        services.TryAddSingleton<IOutboxStore, PostgreSqlOutboxStore>();
        services.TryAddSingleton<ISessionStore, PostgreSqlSessionStore>();
        services.TryAddSingleton<IDeskUserStore, PostgreSqlDeskUserStore>();
        services.TryAddSingleton<ICrmFeedStore, PostgreSqlCrmFeedStore>();
        services.TryAddSingleton<IMilestoneStore, PostgreSqlMilestoneStore>();
        services.TryAddSingleton<ICustomerChangeStore, PostgreSqlCustomerChangeStore>();
        services.TryAddSingleton<IStoreHealthProbe, PostgreSqlStoreHealthProbe>();
        // Bounded telemetry and retention (issue 17 item 6), and the size and oldest reading of /health.
        services.TryAddSingleton<ITelemetryHistoryStore, PostgreSqlTelemetryHistoryStore>();
        services.TryAddSingleton<IRecordRetentionStore, PostgreSqlRecordRetentionStore>();
        services.TryAddSingleton<ILeaseStore, PostgreSqlLeaseStore>();
        services.TryAddSingleton<IStoreStatistics, PostgreSqlStoreStatistics>();
        // The session cookies' key ring, shared by the nodes of one database (issue 18 item 4).
        services.TryAddSingleton<IDataProtectionKeyStore, PostgreSqlDataProtectionKeyStore>();
        // The MQTT client's session state, in the hub's database (issue 16 item 16).
        services.TryAddSingleton<IMqttSessionStore, PostgreSqlMqttSessionStore>();
        // Live pages hear every node's committed changes through one LISTEN connection per node (issue 18 item 4).
        services.TryAddSingleton(sp => new ChangeFanOut(sp.GetRequiredService<TimeProvider>(), ChangeFeedState.Starting));
        services.TryAddSingleton<IChangeFeed>(sp => sp.GetRequiredService<ChangeFanOut>());
        services.TryAddSingleton<PostgreSqlChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeListener>());
        return services;
    }
}
