using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Hub.Host.Modules;

/// <summary>Registers the pollers of a module that polls several sources (the database and REST adapters).</summary>
internal static class PolledSourcesServiceCollectionExtensions
{
    /// <summary>
    /// One poller per source, built together by <paramref name="create"/>; each runs as leased work
    /// <c>&lt;module&gt;:&lt;source&gt;</c>, on one node at a time (issue 18 item 1), and is its own <c>/health</c> entry.
    /// </summary>
    public static IServiceCollection AddPolledSources<TPoller>(
        this IServiceCollection services, string module, IReadOnlyList<string> sources, Func<IServiceProvider, IReadOnlyList<TPoller>> create)
        where TPoller : class, IRunningAdapter
    {
        services.TryAddSingleton(sp => new AdapterRunner<TPoller>(create(sp)));
        for (var i = 0; i < sources.Count; i++)
        {
            var index = i;
            services.AddLeasedWork($"{module}:{sources[i]}", sp => new LeasedAdapter(sp.GetRequiredService<AdapterRunner<TPoller>>().Adapters[index]));
            services.AddSingleton<IAdapterStatusSource>(sp => sp.GetRequiredService<AdapterRunner<TPoller>>().Adapters[index]);
        }

        return services;
    }
}
