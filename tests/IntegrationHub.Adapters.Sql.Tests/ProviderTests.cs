using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>Provider resolution, plugins, and a SQLite source polled by version number.</summary>
public sealed class ProviderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-sql-" + Guid.NewGuid().ToString("N")[..12]);

    public ProviderTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Resolve_UnknownProvider_NamesItTheFolderAndTheFix()
    {
        SqlProviders.Register(new SqlOptions(), _folder);

        var error = Assert.Throws<SqlProviderNotFoundException>(() => SqlProviders.Resolve("Oracle.ManagedDataAccess.Client", _folder));

        Assert.Contains("'Oracle.ManagedDataAccess.Client'", error.Message, StringComparison.Ordinal);
        Assert.Contains(_folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Sql:Providers", error.Message, StringComparison.Ordinal);
        Assert.Contains(SqlProviders.Npgsql, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_PluginAssemblyMissing_IsAnErrorNamingTheSetting()
    {
        var options = new SqlOptions
        {
            Providers = [new SqlProviderPlugin { InvariantName = "Oracle.ManagedDataAccess.Client", Assembly = "Oracle.ManagedDataAccess.dll", FactoryType = "Oracle.ManagedDataAccess.Client.OracleClientFactory" }],
        };

        var error = Assert.Single(SqlProviders.Register(options, _folder));

        Assert.Contains("Hub:Sql:Providers:0", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "Oracle.ManagedDataAccess.dll"), error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugin_LoadedFromThePluginsFolder_PollsASqliteSourceByVersion()
    {
        // A provider assembly copied into the plugins folder stands for a site's own (Oracle's, MySQL's: none is served here).
        var plugins = Directory.CreateDirectory(Path.Combine(_folder, "plugins")).FullName;
        File.Copy(typeof(SqliteFactory).Assembly.Location, Path.Combine(plugins, "Microsoft.Data.Sqlite.dll"));
        var options = new SqlOptions
        {
            Providers = [new SqlProviderPlugin { InvariantName = "Site.Sqlite", Assembly = "Microsoft.Data.Sqlite.dll", FactoryType = "Microsoft.Data.Sqlite.SqliteFactory" }],
        };
        Assert.Empty(SqlProviders.Register(options, plugins));
        var factory = SqlProviders.Resolve("Site.Sqlite", plugins);
        Assert.NotSame(SqliteFactory.Instance, factory);
        Assert.NotEqual(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly));

        var db = "Data Source=" + Path.Combine(_folder, "wms.db");
        await using (var setup = new SqliteConnection(db))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = """
                CREATE TABLE shipments (shipment_no TEXT PRIMARY KEY, carrier TEXT, weight REAL, version INTEGER NOT NULL);
                INSERT INTO shipments VALUES ('S1', 'SF', 1.5, 1), ('S2', 'ZTO', 2.25, 2);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var sink = new RecordingSqlSink();
        var source = new SqlSourceOptions
        {
            Name = "wms-shipments",
            Provider = "Site.Sqlite",
            ConnectionString = db,
            Query = "SELECT shipment_no, carrier, weight, version FROM shipments WHERE version >= @watermark ORDER BY version",
            KeyColumn = "shipment_no",
            WatermarkColumn = "version",
            WatermarkKind = WatermarkKind.Version,
            Overlap = 5,
        };
        var poller = new SqlSourcePoller(source, factory, sink, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal("2.25", sink.Batches[0].Records[1].Fields["weight"]);

        await using (var change = new SqliteConnection(db))
        {
            await change.OpenAsync();
            await using var command = change.CreateCommand();
            command.CommandText = "UPDATE shipments SET carrier = 'EMS', version = 3 WHERE shipment_no = 'S1'";
            await command.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal("EMS", sink.Batches[^1].Records.Single().Fields["carrier"]);
        Assert.Equal("3", poller.WatermarkText);
        Assert.Equal(3, poller.GetStatus().Counts["watermarkVersion"]);
    }
}
