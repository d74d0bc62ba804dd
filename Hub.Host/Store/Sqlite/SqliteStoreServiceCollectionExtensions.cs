using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store: every store interface of <c>Hub.Host/Store/</c>, on one database file.</summary>
internal static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// The embedded SQLite store (<c>Hub:Store:Provider = sqlite</c>, the default) on the database file at
    /// <paramref name="databasePath"/>. <c>TryAdd</c>, so that a test may put its own part first.
    /// </summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, string databasePath)
    {
        services.TryAddSingleton<IStoreConnectionFactory>(_ => new SqliteConnectionFactory(databasePath));
        services.TryAddSingleton<IHubStore, SqliteHubStore>();
        services.TryAddSingleton<IRulesStore, SqliteRulesStore>();
        services.TryAddSingleton<IPartRequestStore, SqlitePartRequestStore>();
        services.TryAddSingleton<IOutboxStore, SqliteOutboxStore>();
        services.TryAddSingleton<ISessionStore, SqliteSessionStore>();
        services.TryAddSingleton<IDeskUserStore, SqliteDeskUserStore>();
        services.TryAddSingleton<ICrmFeedStore, SqliteCrmFeedStore>();
        services.TryAddSingleton<IMilestoneStore, SqliteMilestoneStore>();
        services.TryAddSingleton<ICustomerChangeStore, SqliteCustomerChangeStore>();
        services.TryAddSingleton<IStoreHealthProbe, SqliteStoreHealthProbe>();
        // Bounded telemetry and retention (issue 17 item 6), and the size and oldest reading of /health.
        services.TryAddSingleton<ITelemetryHistoryStore, SqliteTelemetryHistoryStore>();
        services.TryAddSingleton<IRecordRetentionStore, SqliteRecordRetentionStore>();
        services.TryAddSingleton<ILeaseStore, SqliteLeaseStore>();
        services.TryAddSingleton<IStoreStatistics, SqliteStoreStatistics>();
        // The session cookies' key ring, shared by the nodes of one database (issue 18 item 4).
        services.TryAddSingleton<IDataProtectionKeyStore, SqliteDataProtectionKeyStore>();
        // The MQTT client's session state, in the hub's database (issue 16 item 16).
        services.TryAddSingleton<IMqttSessionStore, SqliteMqttSessionStore>();
        // One node: the store itself tells this process's live pages of its commits (issue 18 item 4).
        services.TryAddSingleton(sp => new ChangeFanOut(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IChangeFeed>(sp => sp.GetRequiredService<ChangeFanOut>());
        // A running hub shows on the store file for its whole life, so that 'hub store copy' refuses it (issue 17 item 5).
        services.AddHostedService<SqliteStoreLock>();
        return services;
    }
}
