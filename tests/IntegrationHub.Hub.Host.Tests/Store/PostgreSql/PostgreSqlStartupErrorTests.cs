using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// Start-up errors against a real PostgreSQL (issue 17, "Bad input and faults"): each names Hub:Store:ConnectionString
/// and what was tried (host, port, database, user), and never the password.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStartupErrorTests(PostgresFixture postgres)
{
    private const string Password = "Pa55-never-print-me";

    [Fact]
    public async Task MigrateAsync_NothingListensOnThePort_NamesTheSettingHostAndPort()
    {
        var port = LoopbackPort.GetFree();

        var error = await StartErrorAsync($"Host=127.0.0.1;Port={port};Database=hub;Username=hubuser;Password={Password};Timeout=15");

        Assert.Contains("cannot reach PostgreSQL", error, StringComparison.Ordinal);
        AssertNamesWhatWasTried(error, port, "hub", "hubuser");
    }

    [Fact]
    public async Task MigrateAsync_WrongPassword_SaysSoWithoutPrintingIt()
    {
        var role = "pw_" + Guid.NewGuid().ToString("N")[..8];
        var database = new NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync());
        await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(), $"CREATE ROLE {role} LOGIN PASSWORD 'the-right-one'");
        await RequirePasswordAsync(postgres, role);
        var connectionString = $"Host=127.0.0.1;Port={postgres.Server.Port};Database={database.Database};Username={role};Password={Password}";

        var error = await StartErrorAsync(connectionString);

        Assert.Contains("refused the password", error, StringComparison.Ordinal);
        AssertNamesWhatWasTried(error, postgres.Server.Port, database.Database!, role);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseMissing_NamesItAndHowToCreateIt()
    {
        var error = await StartErrorAsync($"Host=127.0.0.1;Port={postgres.Server.Port};Database=no_such_db;Username=postgres;Password={Password}");

        Assert.Contains("database 'no_such_db' does not exist", error, StringComparison.Ordinal);
        Assert.Contains("CREATE DATABASE", error, StringComparison.Ordinal);
        AssertNamesWhatWasTried(error, postgres.Server.Port, "no_such_db", "postgres");
    }

    [Fact]
    public async Task MigrateAsync_UserWithoutTheRightToCreateTables_NamesTheUserAndTheGrant()
    {
        var role = "ro_" + Guid.NewGuid().ToString("N")[..8];
        var database = await postgres.NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(), $"CREATE ROLE {role} LOGIN PASSWORD '{Password}'");
        // PostgreSQL 15 already gives PUBLIC no CREATE on schema public; said here so that the test means it on any version.
        await PostgresServer.ExecuteAsync(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;

        var error = await StartErrorAsync($"Host=127.0.0.1;Port={postgres.Server.Port};Database={name};Username={role};Password={Password}");

        Assert.Contains($"user '{role}' may not create", error, StringComparison.Ordinal);
        Assert.Contains("GRANT CREATE ON SCHEMA public", error, StringComparison.Ordinal);
        AssertNamesWhatWasTried(error, postgres.Server.Port, name, role);
    }

    [Fact]
    public void Connections_MalformedConnectionString_NamesTheSettingNotTheText()
    {
        var ex = Assert.Throws<HubConfigurationException>(() => new PostgreSqlConnections($"Host=127.0.0.1;Pasword={Password}"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("Hub:Store:ConnectionString is not a valid PostgreSQL connection string", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_TextHoldingThePassword_ReplacesIt()
    {
        using var connections = new PostgreSqlConnections($"Host=127.0.0.1;Username=u;Password={Password}");

        Assert.Equal("login u/******** failed", connections.Scrub($"login u/{Password} failed"));
        Assert.Equal("host 127.0.0.1, port 5432, database 'u', user 'u'", connections.Target);
    }

    private static async Task<string> StartErrorAsync(string connectionString)
    {
        await using var process = new PostgresStoreProcess(connectionString);
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => process.Store.MigrateAsync(CancellationToken.None));
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        return Assert.Single(ex.Errors);
    }

    private static void AssertNamesWhatWasTried(string error, int port, string database, string user)
    {
        Assert.StartsWith("Hub:Store:ConnectionString: ", error, StringComparison.Ordinal);
        Assert.Contains($"host 127.0.0.1, port {port}, database '{database}', user '{user}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The test server trusts every local user; this makes it ask <paramref name="role"/> for a password (SCRAM), by a
    /// first pg_hba.conf line for that role only, and waits until a wrong password is refused.
    /// </summary>
    internal static async Task RequirePasswordAsync(PostgresFixture postgres, string role)
    {
        var superuser = postgres.Server.ConnectionString();
        var hba = (await Sql.ListAsync<string>(superuser, "SHOW hba_file")).Single();
        await File.WriteAllTextAsync(hba, $"host all {role} 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
        await PostgresServer.ExecuteAsync(superuser, "SELECT pg_reload_conf()");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var probe = $"Host=127.0.0.1;Port={postgres.Server.Port};Database=postgres;Username={role};Password=probe;Pooling=false";
        while (true)
        {
            try
            {
                await PostgresServer.ExecuteAsync(probe, "SELECT 1", timeout.Token);
                await Task.Delay(50, timeout.Token);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidPassword)
            {
                return;
            }
        }
    }
}
