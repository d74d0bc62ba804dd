namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>Where the hub keeps its state.</summary>
internal sealed record StoreOptions
{
    /// <summary>The providers <see cref="Provider"/> accepts, as written in the settings.</summary>
    public static IReadOnlyList<string> Providers { get; } = [Sqlite, PostgreSql];

    /// <summary>The embedded store, in the data folder.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL server, reached with <see cref="ConnectionString"/> (issue 17 item 2).</summary>
    public const string PostgreSql = "postgresql";

    /// <summary>The database: <c>sqlite</c> (embedded, the default) or <c>postgresql</c>.</summary>
    /// <value>The default value is <c>sqlite</c>.</value>
    public string Provider { get; init; } = Sqlite;

    /// <summary>The SQLite database file.</summary>
    /// <value>The default value is <c>hub.db</c> in the data folder.</value>
    public string SqlitePath { get; init; } = "hub.db";

    /// <summary>
    /// The PostgreSQL connection string, used when <see cref="Provider"/> is <c>postgresql</c>. It holds the password,
    /// so it is meant to come from the environment (<c>Hub__Store__ConnectionString</c>), not from a settings file.
    /// </summary>
    /// <value>The default value is empty.</value>
    public string? ConnectionString { get; init; }

    /// <summary>Whether the store is PostgreSQL.</summary>
    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);
}
