using IntegrationHub.Adapters.Abstractions.Scheduling;
using IntegrationHub.Adapters.Rest;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Hub.Host.Modules.Rest;

/// <summary>
/// The REST poller (<c>Hub:Rest</c>): one poller per entry of <c>Sources</c>, each leased work
/// <c>rest:&lt;name&gt;</c> (issue 18) and a <c>/health</c> entry of that name; none by default.
/// </summary>
internal sealed class RestAdapterModule : HubAdapterModule<RestOptions>
{
    public override string Name => "rest";

    public override string Section => "Hub:Rest";

    public override IReadOnlyList<string> Validate(RestOptions options) => RestSourcesValidator.Validate(options, Section);

    protected override IEnumerable<MappingSourceSetting> MappingSources(RestOptions options) =>
        options.Sources.Select((s, i) => new MappingSourceSetting(s.Name, $"{Setting(nameof(options.Sources))}:{i}:{nameof(s.Name)}"));

    protected override void AddServices(IServiceCollection services, RestOptions options, HubOptions hub)
    {
        if (options.Sources.Count == 0)
        {
            return;
        }

        services.TryAddSingleton<IRestPageSink, StoringRestSink>();
        services.TryAddSingleton<IScheduleLog, StoredScheduleLog>();
        services.AddPolledSources(Name, [.. options.Sources.Select(s => s.Name)], sp => options.Sources
            .Select(s => new RestSourcePoller(
                s, sp.GetRequiredService<IRestPageSink>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<RestSourcePoller>(), scheduleLog: sp.GetRequiredService<IScheduleLog>()))
            .ToList());
    }
}
