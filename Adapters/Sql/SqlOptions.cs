namespace IntegrationHub.Adapters.Sql;

/// <summary>The database polling adapter's settings, from <c>Hub:Sql</c>.</summary>
public sealed record SqlOptions
{
    /// <summary>Where plugin provider assemblies are looked for; relative to the data folder.</summary>
    public string PluginsFolder { get; init; } = "plugins";

    public IReadOnlyList<SqlProviderPlugin> Providers { get; init; } = [];

    public IReadOnlyList<SqlSourceOptions> Sources { get; init; } = [];
}
