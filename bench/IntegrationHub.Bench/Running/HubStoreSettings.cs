namespace IntegrationHub.Bench.Running;

/// <summary>
/// The hub's store for a measured task (issue 17, Benchmarks: "on both stores where they apply"): SQLite in the data
/// folder when no connection string is given, else PostgreSQL in the (fresh) database it names.
/// </summary>
internal static class HubStoreSettings
{
    /// <summary>The name of the store for tables: "SQLite" or "PostgreSQL".</summary>
    public static string Name(string? postgres) => postgres is null ? "SQLite" : "PostgreSQL";

    /// <summary><paramref name="settings"/> with the store's settings added.</summary>
    public static Dictionary<string, string?> With(string? postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (postgres is not null)
        {
            all["Hub:Store:Provider"] = "postgresql";
            all["Hub:Store:ConnectionString"] = postgres;
        }

        return all;
    }
}
