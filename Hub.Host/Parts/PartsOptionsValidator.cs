using IntegrationHub.Adapters.Files.Export;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Parts;

/// <summary>Checks <c>Hub:Parts</c> (issue 24 item 3): the export folder is usable and its encoding known.</summary>
internal sealed class PartsOptionsValidator(HubOptions hub) : HubSettingsValidator<PartsOptions>(HubSettingPaths.Of(nameof(HubOptions.Parts)))
{
    protected override void Check(PartsOptions parts, List<string> errors)
    {
        var export = parts.Export;
        var at = Setting(nameof(parts.Export));
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
