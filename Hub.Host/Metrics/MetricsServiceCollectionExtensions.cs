using IntegrationHub.Hub.Host.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the hub's instruments and the <c>/metrics</c> exporter (issue 19 item 2).</summary>
internal static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The instruments, always: measuring into instruments nobody listens to costs next to nothing, and the store,
    /// the rules stage and the ticket workflow take them as optional parts. The exporter starts listening only when
    /// <c>Hub:Metrics:Enabled</c> (<see cref="MetricsEndpoint.UseHubMetrics"/>).
    /// </summary>
    public static IServiceCollection AddHubMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<StoreFigures>();
        services.TryAddSingleton<StoreInstruments>();
        services.TryAddSingleton<RulesInstruments>();
        services.TryAddSingleton<TicketInstruments>();
        services.TryAddSingleton<AdapterInstruments>();
        services.TryAddSingleton<MetricsExporter>();
        return services;
    }
}
