using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Adapters.Notifications;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>
/// Builds the outbox channel of part requests from <c>Hub:Parts:Export</c>, checked at start by
/// <see cref="PartsOptionsValidator"/>: the ERP's import folder, or its REST endpoint.
/// </summary>
internal static class PartsExportChannels
{
    /// <summary>The channel, or null when neither a folder nor a REST endpoint is configured.</summary>
    public static INotificationChannel? Create(HubOptions options, ILoggerFactory loggers)
    {
        var export = options.Parts.Export;
        if (export.Rest.Url is { Length: > 0 } url)
        {
            var auth = export.Rest.AuthHeader is { Length: > 0 } header
                ? (header, PartsOptionsValidator.AuthValue(export.Rest) ?? throw new HubConfigurationException("Hub:Parts:Export:Rest", [$"Hub:Parts:Export:Rest:AuthEnvironmentVariable: the variable is not set."]))
                : ((string, string)?)null;
            return new ExportRestChannel(PartRequestExport.ChannelName, new Uri(url), auth, export.Rest.Timeout, loggers.CreateLogger<ExportRestChannel>());
        }

        if (export.Folder is not { Length: > 0 } folder)
        {
            return null;
        }

        var encoding = ExportEncodings.Find(export.Encoding)
            ?? throw new HubConfigurationException("Hub:Parts:Export", [$"Hub:Parts:Export:Encoding '{export.Encoding}' is not one of {ExportEncodings.Names}."]);
        return new ExportFolderChannel(PartRequestExport.ChannelName, new ExportFolder(options.Resolve(folder), encoding), loggers.CreateLogger<ExportFolderChannel>());
    }
}
