using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>The hub itself on <c>Hub:Store:Provider = postgresql</c> (issue 17 item 2).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlHostTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Start_OnPostgreSql_ImportsTheDropAndServesItFromPostgreSql()
    {
        var connectionString = await postgres.NewDatabaseAsync();
        await using var hub = await TestHub.StartAsync("--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={connectionString}");

        await PlantFiles.ImportAsync(hub);

        var store = hub.Services.GetRequiredService<IHubStore>();
        Assert.IsType<PostgreSqlHubStore>(store);
        var snapshot = await store.GetOrderSnapshotAsync("SO-A-001", CancellationToken.None);
        Assert.NotNull(snapshot);
        Assert.NotEmpty(snapshot.Lines);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM entities WHERE kind = 'SalesOrder'", connection);
        Assert.Equal(3L, await command.ExecuteScalarAsync());
        var health = await hub.Client.GetStringAsync("/health");
        Assert.Contains("\"status\":\"Healthy\"", health, StringComparison.Ordinal);
        Assert.Contains($"PostgreSQL 127.0.0.1:{postgres.Server.Port}/", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnPostgreSqlNobodyListens_RefusesNamingTheSetting()
    {
        var port = LoopbackPort.GetFree();

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(
            "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString=Host=127.0.0.1;Port={port};Database=hub;Username=hub;Password=Secret-77"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("Hub:Store:ConnectionString: cannot reach PostgreSQL", error, StringComparison.Ordinal);
        Assert.Contains($"port {port}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-77", ex.ToString(), StringComparison.Ordinal);
    }
}
