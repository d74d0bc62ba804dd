using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Cli.SettingsReference;

/// <summary>
/// The option types the configuration reference (docs/configuration.md) is generated from: the one place to change
/// when a section gets its own option type (issue 19 item 5: adapter modules bring their own sections; add each
/// module's (section, type) here, or return the module list's roots).
/// </summary>
internal static class SettingsRoots
{
    /// <summary>Every section the hub binds, outermost first.</summary>
    public static IReadOnlyList<SettingsRoot> All { get; } =
    [
        new(HubOptions.Section, typeof(HubOptions)),
    ];
}
