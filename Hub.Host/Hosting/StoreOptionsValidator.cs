namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Checks <c>Hub:Store</c> (issue 17 item 2): SQLite (embedded) or PostgreSQL, whose connection string comes from the
/// environment.
/// </summary>
internal sealed class StoreOptionsValidator() : HubSettingsValidator<StoreOptions>(HubSettingPaths.Of(nameof(HubOptions.Store)))
{
    protected override void Check(StoreOptions options, List<string> errors)
    {
        if (!StoreOptions.Providers.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{Setting(nameof(options.Provider))} is '{options.Provider}'. Use one of: {string.Join(", ", StoreOptions.Providers.Select(p => $"'{p}'"))} ('sqlite' is the embedded default).");
        }
        else if (options.IsPostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{Setting(nameof(options.ConnectionString))} is empty, and {Setting(nameof(options.Provider))} is 'postgresql'. Set it in the environment, for example Hub__Store__ConnectionString='Host=db1;Port=5432;Database=hub;Username=hub;Password=...'.");
        }
    }
}
