using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers work that runs on exactly one node (issue 18 item 1).</summary>
internal static class LeaseServiceCollectionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> as a hosted service only while this node holds the lease <paramref name="name"/>
    /// (one <see cref="LeasedWork"/> per name; <c>/health</c> lists them). The work itself is not registered as a
    /// hosted service.
    /// </summary>
    public static IServiceCollection AddLeasedWork(this IServiceCollection services, string name, Func<IServiceProvider, IHostedService> work)
    {
        services.AddKeyedSingleton(name, (sp, _) => new LeasedWork(
            name, work(sp), sp.GetRequiredService<ILeaseStore>(), sp.GetRequiredService<HubOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LeasedWork>>()));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<LeasedWork>(name));
        // Not AddHostedService: it adds a factory of one type once (TryAddEnumerable), and every leased work is a LeasedWork.
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<LeasedWork>(name));
        return services;
    }
}
