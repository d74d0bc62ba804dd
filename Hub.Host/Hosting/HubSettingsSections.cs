using IntegrationHub.Hub.Host.Modules;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Every section of the hub's settings with its root option type, in one place (issue 19 items 4 and 6): the refusal
/// of unknown settings, the test that keeps <c>deploy/appsettings.example.json</c> complete, and the generated
/// configuration reference all start from this list.
/// </summary>
/// <remarks>
/// <c>Hub</c> (<see cref="HubOptions"/>) holds the core's settings; each adapter module adds its own section, below
/// <c>Hub</c> but not a property of <see cref="HubOptions"/> (each section is bound once, to its module's type). Where a
/// type's property leads to a path that is itself an entry here, that entry describes it: walk it once.
/// </remarks>
internal static class HubSettingsSections
{
    private static readonly Lazy<IReadOnlyList<HubSettingsSection>> s_all = new(() =>
    [
        new HubSettingsSection(HubOptions.Section, typeof(HubOptions)),
        .. HubAdapterModules.All.Select(m => new HubSettingsSection(m.Section, m.OptionsType)),
    ]);

    /// <summary>The core section first, then the adapter modules' sections ordered by module name.</summary>
    public static IReadOnlyList<HubSettingsSection> All => s_all.Value;

    /// <summary>The entries directly below <paramref name="path"/>, by their last key (case-insensitive, as the binder).</summary>
    public static IEnumerable<(string Key, Type Type)> Below(string path) =>
        All.Where(s => s.Path.Length > path.Length + 1
                && s.Path.StartsWith(path + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)
                && !s.Path.AsSpan(path.Length + 1).Contains(':'))
            .Select(s => (ConfigurationPath.GetSectionKey(s.Path), s.Type));

    /// <summary>True when <paramref name="path"/> is the path of an entry (so a walk that reached it from above skips it).</summary>
    public static bool IsSection(string path) => All.Any(s => string.Equals(s.Path, path, StringComparison.OrdinalIgnoreCase));
}
