using System.Data.Common;
using System.Reflection;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// The ADO.NET providers sources can name: Npgsql, Microsoft.Data.Sqlite and SQL Server's Microsoft.Data.SqlClient
/// are shipped and registered in <see cref="DbProviderFactories"/>; a site's own (Oracle's, MySQL's) is loaded from
/// the plugins folder.
/// </summary>
public static class SqlProviders
{
    public const string Npgsql = "Npgsql";
    public const string Sqlite = "Microsoft.Data.Sqlite";

    /// <summary>SQL Server (Kingdee K/3, Yonyou U8 and most ERPs of the hub's users keep their data there).</summary>
    public const string SqlServer = "SqlServer";

    /// <summary>SQL Server's provider by its own invariant name, which sites used when they brought it as a plugin.</summary>
    public const string SqlClient = "Microsoft.Data.SqlClient";

    /// <summary>The names the hub ships a provider for; a plugin cannot take one of them.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [Npgsql, Sqlite, SqlServer, SqlClient];

    private static readonly Lock Gate = new();

    /// <summary>Registers the shipped providers and the configured plugins; returns one error per plugin that cannot be loaded.</summary>
    public static IReadOnlyList<string> Register(SqlOptions options, string pluginsFolder)
    {
        var errors = new List<string>();
        lock (Gate)
        {
            DbProviderFactories.RegisterFactory(Npgsql, global::Npgsql.NpgsqlFactory.Instance);
            DbProviderFactories.RegisterFactory(Sqlite, Microsoft.Data.Sqlite.SqliteFactory.Instance);
            DbProviderFactories.RegisterFactory(SqlServer, Microsoft.Data.SqlClient.SqlClientFactory.Instance);
            DbProviderFactories.RegisterFactory(SqlClient, Microsoft.Data.SqlClient.SqlClientFactory.Instance);
            for (var i = 0; i < options.Providers.Count; i++)
            {
                var plugin = options.Providers[i];
                if (BuiltIn.Contains(plugin.InvariantName, StringComparer.OrdinalIgnoreCase))
                {
                    // A second copy of a shipped provider, in its own load context beside the hub's, would share the
                    // hub's dependencies at versions it was not built with; the shipped one is used instead.
                    errors.Add($"Hub:Sql:Providers:{i} ('{plugin.InvariantName}') names a provider the hub ships ({string.Join(", ", BuiltIn)}). " +
                        $"Remove this entry (and {plugin.Assembly} from {pluginsFolder}); sources name the shipped one, for SQL Server \"Provider\": \"{SqlServer}\".");
                    continue;
                }

                try
                {
                    DbProviderFactories.RegisterFactory(plugin.InvariantName, LoadPlugin(plugin, pluginsFolder));
                }
                catch (Exception ex) when (ex is IOException or BadImageFormatException or TypeLoadException or InvalidOperationException or ArgumentException)
                {
                    errors.Add($"Hub:Sql:Providers:{i} ('{plugin.InvariantName}') cannot be loaded from {pluginsFolder}: {ex.Message}");
                }
            }
        }

        return errors;
    }

    /// <summary>The factory for <paramref name="invariantName"/>, or an error that says where it was looked for and what to do.</summary>
    public static DbProviderFactory Resolve(string invariantName, string pluginsFolder)
    {
        if (DbProviderFactories.TryGetFactory(invariantName, out var factory))
        {
            return factory;
        }

        var known = string.Join(", ", DbProviderFactories.GetProviderInvariantNames());
        throw new SqlProviderNotFoundException(
            $"The database provider '{invariantName}' is not registered (registered: {known}); the plugins folder {pluginsFolder} was searched. " +
            $"Use one of the registered names, or put the provider's assembly in {pluginsFolder} and add it under Hub:Sql:Providers " +
            "(InvariantName, Assembly, FactoryType): see Adapters/Sql/README.md.");
    }

    private static DbProviderFactory LoadPlugin(SqlProviderPlugin plugin, string pluginsFolder)
    {
        var path = Path.GetFullPath(Path.Combine(pluginsFolder, plugin.Assembly));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist");
        }

        var assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
        var type = assembly.GetType(plugin.FactoryType, throwOnError: false)
            ?? throw new TypeLoadException($"{plugin.Assembly} has no type {plugin.FactoryType}");
        var instance = type.GetField("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return instance as DbProviderFactory
            ?? throw new InvalidOperationException($"{plugin.FactoryType} has no public static Instance that is a DbProviderFactory");
    }
}
