using IntegrationHub.Hub.Host.Modules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Adapters.Files;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// What must hold before the hub serves or an admin command runs: valid settings, valid mappings (when asked),
/// and a store at the current schema. Every problem is reported at once.
/// </summary>
internal static class HubStartup
{
    /// <summary>
    /// Every options type validated at start (<c>ValidateOnStart</c>): the core's sections (<see cref="CoreSettingsSections"/>),
    /// then the adapter modules' <c>IOptions&lt;T&gt;</c>, run here rather than by the host so that an admin command,
    /// which starts no host, refuses the same settings as <c>hub run</c>.
    /// </summary>
    /// <exception cref="HubConfigurationException">Every problem at once.</exception>
    public static void ValidateSettings(IServiceProvider services)
    {
        var errors = StartupValidation.Problems(services);
        if (errors.Count > 0)
        {
            throw new HubConfigurationException($"{errors.Count} problem(s) in the hub's settings", errors);
        }
    }

    public static async Task PrepareAsync(IServiceProvider services, bool requireMappings, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<HubOptions>();
        ValidateSettings(services);
        var resources = HubAdapterModules.All.SelectMany(m => m.CheckResources(services)).ToList();
        if (resources.Count > 0)
        {
            throw new HubConfigurationException($"{resources.Count} problem(s) with what the adapters' settings name", resources);
        }

        // Readable by the hub's user only, whatever the umask (issue 16, item 21). The cookie-signing keys are in the
        // store since issue 18 (an older hub's keys/ folder is read once, not created).
        Adapters.Abstractions.PrivatePaths.CreateFolder(Path.GetFullPath(options.DataFolder));
        if (requireMappings)
        {
            ModuleLog.ModulesFound(
                services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Hub.Host"),
                string.Join(", ", HubAdapterModules.All.Select(m => $"{m.Name} ({m.Section})")));
            // A first start on an empty data folder lays it out rather than refusing for want of mappings/.
            if (DataFolderLayout.Prepare(options, services.GetRequiredService<IOptions<FileDropOptions>>().Value) is { Count: > 0 } made)
            {
                HubLog.DataFolderLaidOut(services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Hub.Host"), Path.GetFullPath(options.DataFolder), string.Join(", ", made));
            }

            // Resolving loads and validates every mapping file; it throws with all their errors.
            var catalog = services.GetRequiredService<HubMappings>().Catalog;
            // Every adapter setting that names a mapping source, so that a misspelt one stops the start, not the data.
            var named = HubAdapterModules.All.SelectMany(m => m.MappingSources(services)).ToList();
            var unmapped = named
                .Where(s => catalog.Find(s.Source) is null)
                .Select(s => $"{s.Setting} is '{s.Source}', but no mapping file declares that source. Add one to the mappings folder, or correct the name (sources: {string.Join(", ", catalog.Mappings.Select(m => m.Source))}).")
                .Concat(Modules.Mes.MachineAlarmMappingUse.Errors(catalog, named))
                .ToList();

            if (unmapped.Count > 0)
            {
                throw new HubConfigurationException($"{unmapped.Count} problem(s) in the hub's settings", unmapped);
            }
        }

        if (requireMappings)
        {
            // The rule files and the notification settings are checked as strictly as the mappings.
            _ = services.GetService<Rules.HubRules>();
            _ = services.GetService<Outbox.HubNotifications>();
        }

        await services.GetRequiredService<IHubStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var store = services.GetRequiredService<IStoreHealthProbe>();
        HubLog.StoreReady(services.GetRequiredService<ILoggerFactory>().CreateLogger("IntegrationHub.Hub.Host"), store.Describe());
    }
}
