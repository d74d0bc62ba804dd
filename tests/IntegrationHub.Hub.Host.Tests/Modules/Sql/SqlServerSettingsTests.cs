using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Tests.Modules.Sql;

/// <summary>
/// Issue 21 item 1 from the settings side: a SQL Server source, as a site writes it, passes the checks <c>hub run</c>
/// makes at start (validation, then what the settings name) without any plugin.
/// </summary>
public sealed class SqlServerSettingsTests
{
    [Fact]
    public void SqlServerSource_ByRowVersion_IsValid_AndItsProviderResolvesWithoutAPlugin()
    {
        using var services = Services([]);

        Assert.Empty(StartupValidation.Problems(services));
        Assert.Empty(SqlModule.CheckResources(services));
        var source = Assert.Single(services.GetRequiredService<IOptions<SqlOptions>>().Value.Sources);
        Assert.Equal(WatermarkKind.RowVersion, source.WatermarkKind);
    }

    [Fact]
    public void StartOfAnotherKind_IsRefused_NamingTheSetting()
    {
        using var services = Services([], start: "2001");

        var problem = Assert.Single(StartupValidation.Problems(services));

        Assert.StartsWith("Hub:Sql:Sources:0:Start is '2001', which is not a RowVersion watermark", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void OldSqlClientPluginEntry_IsRefused_TellingToRemoveIt()
    {
        using var services = Services([
            new("Hub:Sql:Providers:0:InvariantName", "Microsoft.Data.SqlClient"),
            new("Hub:Sql:Providers:0:Assembly", "Microsoft.Data.SqlClient.dll"),
            new("Hub:Sql:Providers:0:FactoryType", "Microsoft.Data.SqlClient.SqlClientFactory"),
        ]);

        var problem = Assert.Single(SqlModule.CheckResources(services));

        Assert.StartsWith("Hub:Sql:Providers:0 ('Microsoft.Data.SqlClient') names a provider the hub ships", problem, StringComparison.Ordinal);
        Assert.Contains("Remove this entry", problem, StringComparison.Ordinal);
    }

    private static IHubAdapterModule SqlModule => HubAdapterModules.All.Single(m => m.Name == "sql");

    private static ServiceProvider Services(KeyValuePair<string, string?>[] more, string start = "0x7D1")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Hub:Sql:Sources:0:Name", "k3-sales-orders"),
            new("Hub:Sql:Sources:0:Provider", "SqlServer"),
            new("Hub:Sql:Sources:0:ConnectionString", "Server=erp-db,1433;Database=AIS20260101;User ID=hub_reader;Password=x"),
            new("Hub:Sql:Sources:0:Query", "SELECT * FROM hub_k3_sales_orders WHERE row_version >= @watermark AND row_version < MIN_ACTIVE_ROWVERSION() ORDER BY row_version, line_key"),
            new("Hub:Sql:Sources:0:KeyColumn", "line_key"),
            new("Hub:Sql:Sources:0:WatermarkColumn", "row_version"),
            new("Hub:Sql:Sources:0:WatermarkKind", "RowVersion"),
            new("Hub:Sql:Sources:0:Start", start),
            .. more,
        ]).Build();
        return new ServiceCollection().AddLogging().AddHubCore(HubOptions.From(configuration), configuration).BuildServiceProvider();
    }
}
