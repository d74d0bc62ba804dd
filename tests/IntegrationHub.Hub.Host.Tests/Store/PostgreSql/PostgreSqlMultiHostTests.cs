using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>
/// The store on a multi-host connection string (issue 18 item 5): accepted, always aimed at the primary, and the
/// failures of a switch-over or fail-over judged transient so that ingest resumes by itself.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlMultiHostTests(PostgresFixture postgres)
{
    private const string Password = "multi-host-secret-never-printed";

    [Fact]
    public async Task Connections_MultiHost_OpensOnTheHostThatIsThePrimary()
    {
        var database = new NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync());
        var dead = LoopbackPort.GetFree();

        // The first host listens on nothing; the second is a primary (a stand-alone server is one).
        await using var connections = new PostgreSqlConnections(
            $"Host=127.0.0.1:{dead},127.0.0.1:{postgres.Server.Port};Database={database.Database};Username=postgres;Target Session Attributes=primary");
        await using var connection = await connections.OpenConnectionAsync(CancellationToken.None);

        Assert.Equal(postgres.Server.Port, connection.Port);
        Assert.True(connections.IsMultiHost);
        Assert.Equal(["127.0.0.1:" + dead, "127.0.0.1:" + postgres.Server.Port], connections.Hosts);
    }

    [Fact]
    public async Task Connections_MultiHostWithoutTargetSession_GoesToThePrimaryNotAnyHost()
    {
        await using var connections = new PostgreSqlConnections("Host=pg1,pg2:5433;Port=5432;Database=hub;Username=hub;Password=" + Password);

        Assert.Equal("primary", connections.TargetSession);
        Assert.Equal(["pg1:5432", "pg2:5433"], connections.Hosts);
        Assert.Equal("hosts pg1:5432, pg2:5433 (primary), database 'hub', user 'hub'", connections.Target);
        Assert.DoesNotContain(Password, connections.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_MultiHost_RechecksTheHostsEverySecond_UnlessTheStringSaysOtherwise()
    {
        // Issue 18's failover benchmark: with Npgsql's default of 10 s, the promoted standby stayed "standby" in the
        // hub's eyes for up to 10 s after Patroni promoted it, and ingest resumed that much later.
        await using var defaulted = new PostgreSqlConnections("Host=pg1,pg2;Database=hub;Username=hub;Password=" + Password);
        await using var chosen = new PostgreSqlConnections("Host=pg1,pg2;Database=hub;Username=hub;Password=" + Password + ";host recheck seconds=7");
        await using var single = new PostgreSqlConnections("Host=pg1;Database=hub;Username=hub;Password=" + Password);

        Assert.Equal(PostgreSqlConnections.MultiHostRecheckSeconds, new NpgsqlConnectionStringBuilder(defaulted.DataSource.ConnectionString).HostRecheckSeconds);
        Assert.Equal(1, PostgreSqlConnections.MultiHostRecheckSeconds);
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(chosen.DataSource.ConnectionString).HostRecheckSeconds);
        Assert.Equal(10, new NpgsqlConnectionStringBuilder(single.DataSource.ConnectionString).HostRecheckSeconds);
    }

    [Theory]
    [InlineData("standby")]
    [InlineData("prefer-standby")]
    [InlineData("read-only")]
    public void Connections_MultiHostAimedAtAStandby_RefusedNamingTheSetting(string target)
    {
        var ex = Assert.Throws<HubConfigurationException>(() =>
            new PostgreSqlConnections($"Host=pg1,pg2;Database=hub;Username=hub;Password={Password};Target Session Attributes={target}"));

        var error = Assert.Single(ex.Errors);
        Assert.Contains(PostgreSqlConnections.Setting, error, StringComparison.Ordinal);
        Assert.Contains($"Target Session Attributes={target}", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenConnection_NoHostReachable_TransientSoTheHubRetries()
    {
        var ports = LoopbackPort.GetFree(2);
        await using var connections = new PostgreSqlConnections(
            $"Host=127.0.0.1:{ports[0]},127.0.0.1:{ports[1]};Database=hub;Username=hub;Password={Password};Timeout=5");

        // What a store sees while Patroni promotes: Npgsql's "unable to connect to a suitable host", which on its own
        // it does not call transient.
        var ex = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connections.OpenConnectionAsync(CancellationToken.None).AsTask());

        Assert.IsType<PostgreSqlNoPrimaryException>(ex);
        Assert.True(StoreFaults.IsTransient(ex), ex.ToString());
        Assert.DoesNotContain(Password, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenConnection_AllHostsStandbys_TransientSoTheHubRetries()
    {
        // A server in recovery is a standby: a hot standby of the fixture's server is too heavy here, so a server
        // started read-only by default stands for one ("read-write" refuses it as "primary" refuses a standby).
        var database = new NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync());
        await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(), $"ALTER DATABASE \"{database.Database}\" SET default_transaction_read_only = on");
        await using var connections = new PostgreSqlConnections(
            $"Host=127.0.0.1:{postgres.Server.Port},127.0.0.1:{postgres.Server.Port};Database={database.Database};Username=postgres;Target Session Attributes=read-write");

        var ex = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connections.OpenConnectionAsync(CancellationToken.None).AsTask());

        Assert.IsType<PostgreSqlNoPrimaryException>(ex);
        Assert.True(StoreFaults.IsTransient(ex), ex.ToString());
    }

    [Fact]
    public void IsTransient_ReadOnlyTransactionOfAJustDemotedPrimary_True()
    {
        // SQLSTATE 25006: "cannot execute INSERT in a read-only transaction", from a server that is a standby now.
        var demoted = new PostgresException("cannot execute INSERT in a read-only transaction", "ERROR", "ERROR", PostgresErrorCodes.ReadOnlySqlTransaction);

        Assert.True(StoreFaults.IsTransient(demoted));
        Assert.True(StoreFaults.IsTransient(new InvalidOperationException("batch failed", demoted)));
    }

    [Fact]
    public void IsTransient_RefusedStatement_StillFalse()
    {
        var refused = new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);

        Assert.False(StoreFaults.IsTransient(refused));
    }
}
