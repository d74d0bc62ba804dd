using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>Checks <c>Hub:Customers</c> (issue 23 item 3): the pending limit's range, the export folder usable and its encoding known.</summary>
internal sealed class CustomersOptionsValidator(HubOptions hub) : HubSettingsValidator<CustomersOptions>(HubSettingPaths.Of(nameof(HubOptions.Customers)))
{
    protected override void Check(CustomersOptions customers, List<string> errors)
    {
        var limit = customers.SelfService.MaxPendingChanges;
        if (limit is < 1 or > 1000)
        {
            errors.Add($"{Setting(nameof(customers.SelfService))}:{nameof(customers.SelfService.MaxPendingChanges)} is {limit}; use 1 to 1000.");
        }

        var export = customers.Export;
        var at = Setting(nameof(customers.Export));
        if (ExportEncodings.Find(export.Encoding) is null)
        {
            errors.Add($"{at}:{nameof(export.Encoding)} is '{Adapters.Abstractions.LogText.Escape(export.Encoding)}'; use one of {ExportEncodings.Names}.");
        }

        if (export.Folder is { Length: > 0 } folder)
        {
            errors.AddRange(ExportFolder.Problems(hub.Resolve(folder), $"{at}:{nameof(export.Folder)}"));
        }
    }
}
