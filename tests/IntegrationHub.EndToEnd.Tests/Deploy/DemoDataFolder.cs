using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Tests.Common.Mqtt;
using Npgsql;

namespace IntegrationHub.EndToEnd.Tests.Deploy;

/// <summary>
/// A throwaway demo data folder for deploy/demo-postgresql.sh, on free loopback ports. Disposing stops the cluster the
/// script made there (through the script, as demo.sh's trap does) and deletes the folder.
/// </summary>
internal sealed class DemoDataFolder : IAsyncDisposable
{
    public DemoDataFolder()
    {
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the data folder (short, under the temp folder, so the cluster's unix socket path fits).</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hub-demo-" + Guid.NewGuid().ToString("N")[..10]);

    public string Cluster => System.IO.Path.Combine(Path, "postgresql");

    public string PasswordFile => System.IO.Path.Combine(Path, "postgresql.password");

    public string PidFile => System.IO.Path.Combine(Cluster, "postmaster.pid");

    public string Password => File.ReadAllText(PasswordFile);

    public Task<ScriptRun> StartAsync(int port) =>
        ScriptRun.RunAsync("demo-postgresql.sh", ["start", Path, port.ToString(CultureInfo.InvariantCulture)]);

    public Task<ScriptRun> StopAsync() => ScriptRun.RunAsync("demo-postgresql.sh", ["stop", Path]);

    /// <summary>A connection string to the demo's database as the hub signs in (user hub, the generated password).</summary>
    public string ConnectionString(int port, string? password = null) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = "hub",
            Username = "hub",
            Password = password ?? Password,
            Pooling = false,
            Timeout = 30,
        }.ToString();

    public async Task<object?> ScalarAsync(int port, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(port));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The pid written in the cluster's postmaster.pid (the running server's, while it runs).</summary>
    public int ServerPid() => int.Parse(File.ReadLines(PidFile).First(), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(System.IO.Path.Combine(Cluster, "PG_VERSION")) && (await StopAsync()).ExitCode != 0 && File.Exists(PidFile))
            {
                // The script could not stop it (the test failed on that): a fast shutdown, so no server outlives its test.
                using var kill = Process.Start("kill", ["-INT", ServerPid().ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
