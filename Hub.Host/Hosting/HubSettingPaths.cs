namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Full setting paths of the core's settings, made from <c>nameof</c>s rather than written as literals (issue 19 item 4).</summary>
internal static class HubSettingPaths
{
    /// <summary><c>Of(nameof(HubOptions.Store), nameof(StoreOptions.Provider))</c> is <c>Hub:Store:Provider</c>; no keys is <c>Hub</c>.</summary>
    public static string Of(params ReadOnlySpan<string> keys)
    {
        var path = HubOptions.Section;
        foreach (var key in keys)
        {
            path = ConfigurationPath.Combine(path, key);
        }

        return path;
    }
}
