using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>Builds the outbox channel of the parts' export folder from <c>Hub:Parts:Export</c>, checked at start by <see cref="PartsOptionsValidator"/>.</summary>
internal static class PartsExportChannels
{
    /// <summary>The channel, or null when no folder is configured.</summary>
    public static ExportFolderChannel? Create(HubOptions options, ILoggerFactory loggers)
    {
        var export = options.Parts.Export;
        if (export.Folder is not { Length: > 0 } folder)
        {
            return null;
        }

        var encoding = ExportEncodings.Find(export.Encoding)
            ?? throw new HubConfigurationException("Hub:Parts:Export", [$"Hub:Parts:Export:Encoding '{export.Encoding}' is not one of {ExportEncodings.Names}."]);
        return new ExportFolderChannel(PartRequestExport.ChannelName, new ExportFolder(options.Resolve(folder), encoding), loggers.CreateLogger<ExportFolderChannel>());
    }
}
