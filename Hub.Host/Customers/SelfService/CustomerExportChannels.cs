using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>Builds the outbox channel of the customers' export folder from <c>Hub:Customers:Export</c>, checked at start by <see cref="CustomersOptionsValidator"/>.</summary>
internal static class CustomerExportChannels
{
    /// <summary>The channel (the parts' export-folder channel, generic over any table), or null when no folder is configured.</summary>
    public static ExportFolderChannel? Create(HubOptions options, ILoggerFactory loggers)
    {
        var export = options.Customers.Export;
        if (export.Folder is not { Length: > 0 } folder)
        {
            return null;
        }

        var encoding = ExportEncodings.Find(export.Encoding)
            ?? throw new HubConfigurationException("Hub:Customers:Export", [$"Hub:Customers:Export:Encoding '{export.Encoding}' is not one of {ExportEncodings.Names}."]);
        return new ExportFolderChannel(CustomerChangeExport.ChannelName, new ExportFolder(options.Resolve(folder), encoding), loggers.CreateLogger<ExportFolderChannel>());
    }
}
