using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry;
using IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Hub.Host.Modules.Mqtt;

/// <summary>Registers the MQTT telemetry adapter: the node's own session, leased, and the adoption of dead nodes' sessions.</summary>
internal static class MqttTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// With a shared group and a persistent session (several nodes may share the telemetry), the node's own session runs
    /// as leased work <c>mqtt/&lt;ClientId&gt;</c> (issue 18), so that at most one node connects a client id at a time,
    /// taken as the host starts (a node alone has it at once, as before), and <see cref="MqttSessionAdoption"/> takes a
    /// dead node's session over. Otherwise the session is the node's alone and runs as before, unleased.
    /// </summary>
    /// <remarks>
    /// Unleased without a group on purpose: a leased session stops when its lease cannot be renewed (the store away for
    /// longer than Duration - RenewInterval), whereas the unleased one stays connected and holds its batch for the store
    /// (issue 17, "PostgreSQL stopped mid-stream"). Where no other node can take the session there is nothing to gain.
    /// </remarks>
    public static IServiceCollection AddMqttTelemetry(this IServiceCollection services, MqttOptions mqtt, HubOptions options)
    {
        var clientId = mqtt.EffectiveClientId();
        var lease = MqttSessionLeases.Session(clientId);
        services.TryAddSingleton<ITelemetrySink, StoringTelemetrySink>();
        services.TryAddSingleton(sp => new MqttTelemetryService(
            mqtt, sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IMqttSessionStore>(), sp.GetRequiredService<IStoreHealthProbe>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, MqttTelemetryService>(sp => sp.GetRequiredService<MqttTelemetryService>()));

        // Without a shared group each node's messages are its own (no share waits for a dead node); without a persistent
        // session the broker drops a dead node's session and its place in the group. The group may be set for all
        // (Hub:Mqtt:SharedGroup) or on a subscription of its own.
        if (!mqtt.EffectiveSubscriptions().Any(s => s.SharedGroup is { Length: > 0 }) || mqtt.SessionExpiry <= TimeSpan.Zero)
        {
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MqttTelemetryService>());
            return services;
        }

        services.AddLeasedWork(lease, sp => sp.GetRequiredService<MqttTelemetryService>());
        services.TryAddSingleton(sp => new MqttSessionAdoption(
            clientId,
            () => sp.GetRequiredKeyedService<LeasedWork>(lease).Held is not null,
            adopted => new MqttTelemetryService(
                mqtt, sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<IMqttSessionStore>(), sp.GetRequiredService<IStoreHealthProbe>(), adopted),
            sp.GetRequiredService<ILeaseStore>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MqttSessionAdoption>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<MqttSessionAdoption>());
        return services;
    }
}
