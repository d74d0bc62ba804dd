using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Tests.Common.Mqtt;
using Npgsql;

namespace IntegrationHub.Tests.Common.Postgres;

/// <summary>
/// A real PostgreSQL (Debian's, installed by deploy/install-deps.sh) in a temporary folder on a free loopback
/// port: initdb, then pg_ctl start, both as the <c>postgres</c> user when the tests run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;

    private readonly bool _durableCommits;

    private PostgresServer(string folder, string bin, int port, bool durableCommits)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
        _durableCommits = durableCommits;
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>A connection string to <paramref name="database"/> as the superuser, without pooling.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = false,
        }.ToString();

    /// <summary>Starts a server of its own for the caller, fast rather than durable (see the other overload).</summary>
    /// <param name="cancellationToken">Stops waiting for initdb and the start.</param>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken) => StartAsync(durableCommits: false, cancellationToken);

    /// <summary>Starts a server of its own for the caller.</summary>
    /// <param name="durableCommits">
    /// Whether a commit is on disk when it returns (<c>synchronous_commit</c> on). Off by default, which is fast, but
    /// then a crash of the server (<see cref="StopImmediatelyAsync"/>) loses the last commits it confirmed: a test that
    /// stops the server and counts what survived must turn it on.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for initdb and the start.</param>
    public static async Task<PostgresServer> StartAsync(bool durableCommits = false, CancellationToken cancellationToken = default)
    {
        var bin = FindBin();
        var folder = Path.Combine(Path.GetTempPath(), "hub-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres:postgres", folder], asPostgres: false, cancellationToken).ConfigureAwait(false);
        }

        var server = new PostgresServer(folder, bin, LoopbackPort.GetFree(), durableCommits);
        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", server.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"],
            asPostgres: true, cancellationToken).ConfigureAwait(false);
        await server.StartAgainAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>
    /// Starts the server on its folder and port: at first, and after <see cref="StopImmediatelyAsync"/> (crash
    /// recovery then replays the WAL, as after a power cut). max_connections 400: a run-wide server serves many hubs at
    /// once, each with a pool of its own, and the default 100 would refuse connections under a parallel run (a fault
    /// of the test set-up rather than of the hub).
    /// </summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) =>
        PgCtlAsync(cancellationToken, "start", "-w", "-l", Path.Combine(_folder, "server.log"), "-o",
            string.Create(CultureInfo.InvariantCulture,
                $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c full_page_writes=off -c synchronous_commit={(_durableCommits ? "on" : "off")} -c max_connections=400"));

    /// <summary>
    /// <c>pg_ctl stop -m immediate</c>: every backend ends at once, open transactions are lost, clients see their
    /// connections break (issue 17, "PostgreSQL stopped mid-stream"). Only on a server a test started for itself.
    /// </summary>
    public Task StopImmediatelyAsync(CancellationToken cancellationToken = default) =>
        PgCtlAsync(cancellationToken, "stop", "-m", "immediate", "-w");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(ConnectionString(), $"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);
        return ConnectionString(name);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgCtlAsync(CancellationToken.None, "stop", "-m", "immediate", "-w").ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// Stops the server and deletes its folder once process <paramref name="ownerPid"/> has ended, whichever way it
    /// ends: a detached shell polls for it. A test host is killed by its runner soon after the last test, before an
    /// exit handler of its own can finish, and a killed host would otherwise leave the server running.
    /// </summary>
    public void StopWhenProcessEnds(int ownerPid)
    {
        var stop = Environment.IsPrivilegedProcess
            ? $"runuser -u postgres -- '{Path.Combine(_bin, "pg_ctl")}' -D '{DataFolder}' stop -m immediate -w"
            : $"'{Path.Combine(_bin, "pg_ctl")}' -D '{DataFolder}' stop -m immediate -w";
        DetachedCleanup.WhenProcessEnds(ownerPid, $"{stop} >/dev/null 2>&1; rm -rf '{_folder}'");
    }

    private Task PgCtlAsync(CancellationToken cancellationToken, params string[] args) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, .. args], asPostgres: true, cancellationToken);

    internal static string FindBin()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL is not installed: no {root}/<version>/bin/pg_ctl. Run deploy/install-deps.sh (it apt-gets postgresql).");
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && Environment.IsPrivilegedProcess ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)} {await output.ConfigureAwait(false)}");
        }
    }
}
