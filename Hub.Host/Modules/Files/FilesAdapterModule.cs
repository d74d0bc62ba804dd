using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Pipeline;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Hub.Host.Modules.Files;

/// <summary>
/// The file drop (<c>Hub:Files</c>): every mapping with a <c>file</c> section imports the files of the inbox whose
/// names it matches. Always on; its folders are relative to the data folder.
/// </summary>
internal sealed class FilesAdapterModule : HubAdapterModule<FileDropOptions>
{
    public override string Name => "files";

    public override string Section => "Hub:Files";

    public override IReadOnlyList<string> Validate(FileDropOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(options.PollInterval))} is {options.PollInterval}. Use a positive time span, for example 00:00:02.");
        }

        if (options.StableFor < TimeSpan.Zero)
        {
            errors.Add($"{Setting(nameof(options.StableFor))} is {options.StableFor}. Use 0 or more, for example 00:00:02.");
        }

        if (options.BatchSize is < 1 or > 100_000)
        {
            errors.Add($"{Setting(nameof(options.BatchSize))} is {options.BatchSize}. Use 1 to 100000; 2000 is a good default.");
        }

        if (options.DoneMarkerSuffix is { Length: 0 })
        {
            errors.Add($"{Setting(nameof(options.DoneMarkerSuffix))} is empty. Remove it to read files once stable, or set it, for example to '.done'.");
        }

        return errors;
    }

    // The files' sources are the mappings' own (their file.match), so no setting names one.
    protected override IEnumerable<MappingSourceSetting> MappingSources(FileDropOptions options) => [];

    protected override void AddServices(IServiceCollection services, FileDropOptions options, HubOptions hub)
    {
        services.TryAddSingleton<IFileChunkSink, StoringChunkSink>();
        services.TryAddSingleton(sp =>
        {
            var files = options with
            {
                Inbox = hub.Resolve(options.Inbox),
                Processed = hub.Resolve(options.Processed),
                Failed = hub.Resolve(options.Failed),
            };
            var bindings = sp.GetRequiredService<HubMappings>().Catalog.Mappings
                .Where(m => m.File is not null)
                .Select(m => new FileSourceBinding(m.Source, m.File!.Match, m.File.Encoding, m.File.Delimiter, m.File.Sheet, m.Columns));
            return new FileDropWatcher(
                Name, files, bindings, sp.GetRequiredService<IFileChunkSink>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FileDropWatcher>>());
        });
        services.TryAddSingleton<FileDropService>();
        // Issue 18 item 1: leased, each on one node at a time (the inbox may be a folder the nodes share).
        services.AddLeasedWork(Name, sp => sp.GetRequiredService<FileDropService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdapterStatusSource, FileDropService>(sp => sp.GetRequiredService<FileDropService>()));
    }
}
