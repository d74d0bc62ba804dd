namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Where the hub keeps its state.</summary>
internal sealed record StoreOptions
{
    /// <summary>The database: <c>sqlite</c> (embedded, the default).</summary>
    /// <value>The default value is <c>sqlite</c>.</value>
    public string Provider { get; init; } = "sqlite";

    /// <summary>The SQLite database file.</summary>
    /// <value>The default value is <c>hub.db</c> in the data folder.</value>
    public string SqlitePath { get; init; } = "hub.db";
}
