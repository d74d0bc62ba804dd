using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store (issue 17 item 2).</summary>
internal static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// The store on PostgreSQL: one <see cref="PostgreSqlConnections"/> (one NpgsqlDataSource, disposed with the
    /// container) as the store's connection source, and <see cref="PostgreSqlHubStore"/> as <see cref="IHubStore"/>.
    /// </summary>
    public static IServiceCollection AddPostgreSqlStore(this IServiceCollection services, StoreOptions store)
    {
        services.TryAddSingleton(_ => new PostgreSqlConnections(store.ConnectionString ?? string.Empty));
        services.TryAddSingleton<PostgreSqlHubStore>();
        services.TryAddSingleton<IHubStore>(sp => sp.GetRequiredService<PostgreSqlHubStore>());
        return services;
    }
}
