using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// The MES production-status adapter over OPC UA (<c>Hub:Mes</c>), off unless <c>Enabled</c>: one session, open on
/// every node (a hot standby), subscribed by the holder of the lease <c>mes</c> (issue 18 item 1).
/// </summary>
internal sealed class MesAdapterModule : HubAdapterModule<MesOptions>
{
    public override string Name => "mes";

    public override string Section => "Hub:Mes";

    public override IReadOnlyList<string> Validate(MesOptions options) => MesOptionsValidator.Validate(options, Section);

    protected override IEnumerable<MappingSourceSetting> MappingSources(MesOptions options) =>
        options.Enabled
            ? options.WorkOrders.Select((w, i) => new MappingSourceSetting(w.Source, $"{Setting(nameof(options.WorkOrders))}:{i}:{nameof(w.Source)}"))
                .Concat(options.Machines.SelectMany((m, i) => m.Metrics.Select(metric => new MappingSourceSetting(
                    metric.Value.Source, $"{Setting(nameof(options.Machines))}:{i}:{nameof(m.Metrics)}:{metric.Key}:{nameof(metric.Value.Source)}"))))
                .Concat(options.Alarms is { Enabled: true, Mapping.Length: > 0 }
                    ? [new MappingSourceSetting(options.Alarms.Mapping, AlarmMappingSetting)]
                    : [])
            : [];

    /// <summary>The setting that names the condition events' mapping, for its errors.</summary>
    public static string AlarmMappingSetting => $"Hub:Mes:{nameof(MesOptions.Alarms)}:{nameof(MesAlarmSettings.Mapping)}";

    protected override void AddServices(IServiceCollection services, MesOptions options, HubOptions hub)
    {
        if (!options.Enabled)
        {
            return;
        }

        services.TryAddSingleton<IMesRecordSink, StoringTelemetrySink>();
        if (options.Alarms.Enabled)
        {
            services.TryAddSingleton<IMesAlarmSink, TicketingMesAlarmSink>();
            if (options.Alarms.AcknowledgeOnServer)
            {
                services.TryAddSingleton<MesConditionAcknowledger>();
            }
        }
        services.TryAddSingleton<MesService>();
        // Issue 18 item 1: the session opens on every node (a hot standby); only the lease holder subscribes.
        services.AddHostedService<MesStandbyService>();
        services.AddLeasedWork(Name, sp => sp.GetRequiredService<MesService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, MesService>(sp => sp.GetRequiredService<MesService>()));
    }
}
