using System.Diagnostics;
using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Tests.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 17, "Bad input and faults": <c>hub run</c>, as IT starts it, with a connection string (from the environment,
/// <c>Hub__Store__ConnectionString</c>) that cannot work. The process exits non-zero with one clear error naming the
/// setting and what it tried (host, port, database, user), and the password appears nowhere in its output or logs.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStartupProcessTests(PostgresFixture postgres)
{
    private const string Password = "Start-up-Pa55-never-print";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task HubRun_NothingListens_ExitsNonZeroNamingTheSettingAndTarget()
    {
        var port = LoopbackPort.GetFree();

        var output = await RunExpectingFailureAsync($"Host=127.0.0.1;Port={port};Database=hub;Username=hubuser;Password={Password}");

        Assert.Contains("cannot reach PostgreSQL", output, StringComparison.Ordinal);
        AssertNamesWhatWasTried(output, port, "hub", "hubuser");
    }

    [Fact]
    public async Task HubRun_WrongPassword_ExitsNonZeroWithoutPrintingIt()
    {
        var role = "pwrun_" + Guid.NewGuid().ToString("N")[..8];
        var database = new NpgsqlConnectionStringBuilder(await postgres.NewDatabaseAsync()).Database!;
        await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(), $"CREATE ROLE {role} LOGIN PASSWORD 'the-right-one'");
        await PostgreSqlStartupErrorTests.RequirePasswordAsync(postgres, role);

        var output = await RunExpectingFailureAsync($"Host=127.0.0.1;Port={postgres.Server.Port};Database={database};Username={role};Password={Password}");

        Assert.Contains("refused the password", output, StringComparison.Ordinal);
        AssertNamesWhatWasTried(output, postgres.Server.Port, database, role);
    }

    [Fact]
    public async Task HubRun_DatabaseMissing_ExitsNonZeroNamingIt()
    {
        var output = await RunExpectingFailureAsync($"Host=127.0.0.1;Port={postgres.Server.Port};Database=no_such_hub_db;Username=postgres;Password={Password}");

        Assert.Contains("database 'no_such_hub_db' does not exist", output, StringComparison.Ordinal);
        AssertNamesWhatWasTried(output, postgres.Server.Port, "no_such_hub_db", "postgres");
    }

    [Fact]
    public async Task HubRun_RoleWithoutCreateOnTheSchema_ExitsNonZeroNamingTheGrant()
    {
        var role = "rorun_" + Guid.NewGuid().ToString("N")[..8];
        var database = await postgres.NewDatabaseAsync();
        await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(), $"CREATE ROLE {role} LOGIN PASSWORD '{Password}'");
        await PostgresServer.ExecuteAsync(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        var name = new NpgsqlConnectionStringBuilder(database).Database!;

        var output = await RunExpectingFailureAsync($"Host=127.0.0.1;Port={postgres.Server.Port};Database={name};Username={role};Password={Password}");

        Assert.Contains($"user '{role}' may not create", output, StringComparison.Ordinal);
        Assert.Contains("GRANT CREATE ON SCHEMA public", output, StringComparison.Ordinal);
        AssertNamesWhatWasTried(output, postgres.Server.Port, name, role);
        // Nothing was half made: the role could create no table.
        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    /// <summary>
    /// Runs the hub's own executable (<c>hub run</c>) with the store settings in the environment, as the service unit
    /// sets them; returns everything it wrote, after asserting the exit code and the password's absence.
    /// </summary>
    private static async Task<string> RunExpectingFailureAsync(string connectionString)
    {
        var dataFolder = TestHub.NewDataFolder();
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = dataFolder,
            };
            foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "hub.dll"), "run", "--urls", "http://127.0.0.1:0", $"--Hub:DataFolder={dataFolder}"])
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["Hub__Store__Provider"] = "postgresql";
            start.Environment["Hub__Store__ConnectionString"] = connectionString;
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet hub.dll did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var guard = new CancellationTokenSource(HangGuard))
            {
                try
                {
                    await process.WaitForExitAsync(guard.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"hub run did not exit with a bad connection string. Output:\n{await stdout}\n{await stderr}");
                }
            }

            var output = await stdout + Environment.NewLine + await stderr;
            Assert.True(process.ExitCode == HubCommandLine.ExitBadConfiguration, $"exit code {process.ExitCode}, expected {HubCommandLine.ExitBadConfiguration}. Output:\n{output}");
            Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
            // The data folder holds the hub's logs and files: the password is in none of them either.
            foreach (var file in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(Password, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            }

            return output;
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static void AssertNamesWhatWasTried(string output, int port, string database, string user)
    {
        Assert.Contains("Hub:Store:ConnectionString: ", output, StringComparison.Ordinal);
        Assert.Contains($"host 127.0.0.1, port {port}, database '{database}', user '{user}'", output, StringComparison.Ordinal);
    }
}
