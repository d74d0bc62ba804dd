using IntegrationHub.Mappings;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>The validated mapping catalog, loaded once at start-up; the hub refuses to start without it.</summary>
internal sealed class HubMappings
{
    public HubMappings(HubOptions options, ILogger<HubMappings> logger)
    {
        Folder = options.Resolve(options.MappingsFolder);
        var result = Load(Folder);
        if (!result.IsValid || result.Catalog is null)
        {
            throw new HubConfigurationException(
                $"{result.Errors.Count} problem(s) in the mapping files of {Folder}", [.. result.Errors.Select(e => e.ToString())]);
        }

        Catalog = result.Catalog;
        HubLog.MappingsLoaded(logger, Catalog.Mappings.Count, Folder, string.Join(", ", Catalog.Mappings.Select(m => m.Source)));
    }

    public string Folder { get; }

    /// <summary>
    /// Loads the mapping files of <paramref name="folder"/> through <see cref="SettingsFile"/>: a FIFO, device, socket,
    /// link out of the folder or huge file is an error naming the file, never a hang.
    /// </summary>
    public static MappingLoadResult Load(string folder) => MappingCatalog.LoadDirectory(folder, path => SettingsFile.ReadBytes(path));

    public MappingCatalog Catalog { get; }
}
