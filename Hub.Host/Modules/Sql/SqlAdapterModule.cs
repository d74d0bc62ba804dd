using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Hub.Host.Modules.Sql;

/// <summary>
/// The database poller (<c>Hub:Sql</c>): one poller per entry of <c>Sources</c>, each leased work
/// <c>sql:&lt;name&gt;</c> (issue 18) and a <c>/health</c> entry of that name; none by default.
/// </summary>
internal sealed class SqlAdapterModule : HubAdapterModule<SqlOptions>
{
    public override string Name => "sql";

    public override string Section => "Hub:Sql";

    public override IReadOnlyList<string> Validate(SqlOptions options) => SqlSourcesValidator.Validate(options, Section);

    // A provider is an assembly (built in, or a plugin of the plugins folder): it must load before a poller needs it.
    protected override IReadOnlyList<string> CheckResources(SqlOptions options, HubOptions hub) =>
        SqlSourcesValidator.CheckProviders(options, hub.Resolve(options.PluginsFolder), Section);

    protected override IEnumerable<MappingSourceSetting> MappingSources(SqlOptions options) =>
        options.Sources.Select((s, i) => new MappingSourceSetting(s.Name, $"{Setting(nameof(options.Sources))}:{i}:{nameof(s.Name)}"));

    protected override void AddServices(IServiceCollection services, SqlOptions options, HubOptions hub)
    {
        if (options.Sources.Count == 0)
        {
            return;
        }

        var plugins = hub.Resolve(options.PluginsFolder);
        services.TryAddSingleton<ISqlBatchSink, StoringSqlSink>();
        services.TryAddSingleton<IScheduleLog, StoredScheduleLog>();
        services.AddPolledSources(Name, [.. options.Sources.Select(s => s.Name)], sp => options.Sources
            .Select(s => new SqlSourcePoller(
                s, SqlProviders.Resolve(s.Provider, plugins), sp.GetRequiredService<ISqlBatchSink>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqlSourcePoller>(),
                scheduleLog: sp.GetRequiredService<IScheduleLog>()))
            .ToList());
    }
}
