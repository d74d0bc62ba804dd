using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry;
using IntegrationHub.Hub.Host.Telemetry.Adoption;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the MQTT telemetry adapter: the node's own session, leased, and the adoption of dead nodes' sessions.</summary>
internal static class MqttTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The node's own session runs as leased work <c>mqtt/&lt;ClientId&gt;</c> (issue 18), so that at most one node
    /// connects a client id at a time; a node alone takes it as the host starts, as before. With a shared group and a
    /// persistent session, <see cref="MqttSessionAdoption"/> runs too: a dead node's session is taken over.
    /// </summary>
    public static IServiceCollection AddMqttTelemetry(this IServiceCollection services, HubOptions options)
    {
        var clientId = options.Mqtt.EffectiveClientId();
        var lease = MqttSessionLeases.Session(clientId);
        services.TryAddSingleton<ITelemetrySink, StoringTelemetrySink>();
        services.TryAddSingleton(sp => new MqttTelemetryService(
            options, sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IMqttSessionStore>(), sp.GetRequiredService<IStoreHealthProbe>()));
        services.AddLeasedWork(lease, sp => sp.GetRequiredService<MqttTelemetryService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, MqttTelemetryService>(sp => sp.GetRequiredService<MqttTelemetryService>()));

        // Without a shared group each node's messages are its own (no share waits for a dead node); without a persistent
        // session the broker drops a dead node's session and its place in the group.
        // The group may be set for all (Hub:Mqtt:SharedGroup) or on a subscription of its own.
        if (options.Mqtt.EffectiveSubscriptions().Any(s => s.SharedGroup is { Length: > 0 }) && options.Mqtt.SessionExpiry > TimeSpan.Zero)
        {
            services.TryAddSingleton(sp => new MqttSessionAdoption(
                clientId,
                () => sp.GetRequiredKeyedService<LeasedWork>(lease).Held is not null,
                adopted => new MqttTelemetryService(
                    options, sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
                    sp.GetRequiredService<IMqttSessionStore>(), sp.GetRequiredService<IStoreHealthProbe>(), adopted),
                sp.GetRequiredService<ILeaseStore>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MqttSessionAdoption>>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MqttSessionAdoption>());
        }

        return services;
    }
}
