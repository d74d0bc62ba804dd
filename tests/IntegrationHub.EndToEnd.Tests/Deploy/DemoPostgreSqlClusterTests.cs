using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Tests.Common.Mqtt;
using Npgsql;

namespace IntegrationHub.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/demo-postgresql.sh, the cluster behind `demo.sh --store postgresql` (issue 17 item 4), against Debian's real
/// PostgreSQL: a cluster in the data folder with a generated password, reused by the next run, and a cluster left
/// running by a killed run (whose trap never stopped it) reused or restarted cleanly. Run as root (as CI does), the
/// cluster belongs to Debian's postgres user, which must still reach it once the hub has made the data folder 0750.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DemoPostgreSqlClusterTests
{
    [Fact]
    public async Task Start_MakesAClusterInTheDataFolder_SignedInOnlyWithTheGeneratedPassword_AndStopStopsIt()
    {
        await using var folder = new DemoDataFolder();
        var port = LoopbackPort.GetFree();

        var run = await folder.StartAsync(port);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.PasswordFile));
        var password = folder.Password;
        Assert.True(password.Length >= 32, "the generated password is short");
        Assert.DoesNotContain(password, run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal("hub", await folder.ScalarAsync(port, "SELECT current_database()"));
        // No trust authentication on the loopback port: a wrong password is refused.
        await using (var intruder = new NpgsqlConnection(folder.ConnectionString(port, "wrong-" + password)))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => intruder.OpenAsync());
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }

        // The server's command line (what ps shows every local user) carries no password, and its socket is in the folder.
        var serverArgs = await File.ReadAllTextAsync($"/proc/{folder.ServerPid()}/cmdline");
        Assert.DoesNotContain(password, serverArgs, StringComparison.Ordinal);
        Assert.Contains($"-k\0{folder.Cluster}", serverArgs, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Cluster, $".s.PGSQL.{port}")));
        // The hub's first start takes every right of others from its data folder (seen in the first demo run on
        // PostgreSQL: pg_ctl stop was then refused, and the cluster kept running after the demo ended).
        PrivatePaths.CreateFolder(folder.Path);
        Assert.Equal(PrivatePaths.FolderMode, File.GetUnixFileMode(folder.Path));

        var stop = await folder.StopAsync();

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.False(File.Exists(folder.PidFile), "postmaster.pid is still there after stop");
        await using var after = new NpgsqlConnection(folder.ConnectionString(port));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => after.OpenAsync());
    }

    [Fact]
    public async Task Start_AfterAKilledRun_ReusesTheRunningCluster_OnItsPort_AndRestartsItOnAnotherPort_KeepingTheData()
    {
        await using var folder = new DemoDataFolder();
        var ports = LoopbackPort.GetFree(2);
        var first = await folder.StartAsync(ports[0]);
        Assert.True(first.ExitCode == 0, first.ToString());
        await folder.ScalarAsync(ports[0], "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
        var pid = folder.ServerPid();
        PrivatePaths.CreateFolder(folder.Path);

        // The run was killed: nothing stopped the cluster. The next run on the same port takes it as it is.
        var again = await folder.StartAsync(ports[0]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("reusing PostgreSQL", again.Output, StringComparison.Ordinal);
        Assert.Equal(pid, folder.ServerPid());
        Assert.Equal(42, await folder.ScalarAsync(ports[0], "SELECT n FROM kept"));

        // A run on another port stops it cleanly and starts it there.
        var moved = await folder.StartAsync(ports[1]);

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Contains($"port {ports[0]}), to start it on port {ports[1]}", moved.Output, StringComparison.Ordinal);
        Assert.NotEqual(pid, folder.ServerPid());
        Assert.Equal(42, await folder.ScalarAsync(ports[1], "SELECT n FROM kept"));
        await using var old = new NpgsqlConnection(folder.ConnectionString(ports[0]));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => old.OpenAsync());
    }

    [Fact]
    public async Task Start_WithAStalePidFileNamingAnotherLiveProcess_StartsTheCluster_AndLeavesThatProcessAlone()
    {
        await using var folder = new DemoDataFolder();
        var port = LoopbackPort.GetFree();
        Assert.True((await folder.StartAsync(port)) is { ExitCode: 0 });
        Assert.True((await folder.StopAsync()) is { ExitCode: 0 });
        // A server killed with SIGKILL leaves postmaster.pid behind, and its pid may since belong to another program.
        using var bystander = Process.Start("sleep", "600") ?? throw new InvalidOperationException("sleep did not start");
        try
        {
            var lines = new[] { bystander.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), folder.Cluster, "0", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            await File.WriteAllLinesAsync(folder.PidFile, lines);

            var stop = await folder.StopAsync();
            var run = await folder.StartAsync(port);

            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("removing a stale", run.Output, StringComparison.Ordinal);
            Assert.False(bystander.HasExited, "the program whose pid was in the stale postmaster.pid was signalled");
            Assert.NotEqual(bystander.Id, folder.ServerPid());
            Assert.Equal("hub", await folder.ScalarAsync(port, "SELECT current_database()"));
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public async Task Start_OnAPortTakenByAnotherProgram_FailsNamingThePortAndHubPgPort_AndLeavesNothingRunning()
    {
        await using var folder = new DemoDataFolder();
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var run = await folder.StartAsync(port);

            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"port {port} on 127.0.0.1 is already taken by another program", run.Error, StringComparison.Ordinal);
            Assert.Contains("HUB_PG_PORT=<free port>", run.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(folder.PidFile), "a server was started");
        }
        finally
        {
            taken.Stop();
        }
    }
}
