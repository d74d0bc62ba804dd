using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>
/// The option types the configuration reference (docs/configuration.md) is generated from: every section the hub binds,
/// from <see cref="HubSettingsSections"/>, the list the refusal of unknown settings and the example settings file's
/// test use too, so a module's section is in the reference as soon as the module exists (issue 19 items 5 and 6).
/// </summary>
internal static class SettingsRoots
{
    /// <summary>Every section the hub binds: the core's first, then each adapter module's.</summary>
    public static IReadOnlyList<SettingsRoot> All { get; } =
        [.. HubSettingsSections.All.Select(s => new SettingsRoot(s.Path, s.Type))];
}
