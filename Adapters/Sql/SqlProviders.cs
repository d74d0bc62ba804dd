using System.Data.Common;
using System.Reflection;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// The ADO.NET providers sources can name: Npgsql and Microsoft.Data.Sqlite are shipped and registered in
/// <see cref="DbProviderFactories"/>; a site's own (SQL Server's, for example) is loaded from the plugins folder.
/// </summary>
public static class SqlProviders
{
    public const string Npgsql = "Npgsql";
    public const string Sqlite = "Microsoft.Data.Sqlite";

    private static readonly Lock Gate = new();

    /// <summary>Registers the shipped providers and the configured plugins; returns one error per plugin that cannot be loaded.</summary>
    public static IReadOnlyList<string> Register(SqlOptions options, string pluginsFolder)
    {
        var errors = new List<string>();
        lock (Gate)
        {
            DbProviderFactories.RegisterFactory(Npgsql, global::Npgsql.NpgsqlFactory.Instance);
            DbProviderFactories.RegisterFactory(Sqlite, Microsoft.Data.Sqlite.SqliteFactory.Instance);
            for (var i = 0; i < options.Providers.Count; i++)
            {
                var plugin = options.Providers[i];
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
