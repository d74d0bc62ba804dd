using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;
using Xunit;

namespace IntegrationHub.Tests.Common.Patroni;

/// <summary>
/// A real PostgreSQL cluster under Patroni (issue 18 item 5): one etcd (v3 API) and two Patroni nodes from Debian's
/// packages, each with its own YAML filled in from <c>deploy/ha/patroni.yml.template</c>, on OS-assigned loopback ports
/// in a temporary folder, in synchronous mode. Started once for a test collection; stopped at its end, and by a detached
/// watcher if the test host is killed first, so no postgres, patroni or etcd outlives the run.
/// </summary>
public sealed partial class PatroniCluster : IAsyncLifetime
{
    /// <summary>The password of the cluster's superuser (a throwaway cluster on loopback).</summary>
    public const string Password = "hub-test-superuser";

    private const string Scope = "hub-test";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(180);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-patroni-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly HttpClient _rest = new() { Timeout = TimeSpan.FromSeconds(10) };
    private PatroniNode[] _nodes = [];
    private LoggedProcess? _etcd;
    private string _bin = string.Empty;
    private int _etcdPort;

    /// <summary>Both nodes, in the order of the multi-host connection string.</summary>
    public IReadOnlyList<PatroniNode> Nodes => _nodes;

    private string EtcdLog => Path.Combine(_folder, "etcd.log");

    /// <summary>
    /// The hub's connection string to <paramref name="database"/>: both hosts, to whichever is the primary
    /// (<c>Target Session Attributes=primary</c>), as deploy/ha/README.md tells a site to set it.
    /// </summary>
    public string ConnectionString(string database) =>
        $"Host={string.Join(",", _nodes.Select(n => n.Endpoint))};Database={database};Username=postgres;Password={Password};Target Session Attributes=primary";

    /// <summary>A connection string to <paramref name="database"/> on <paramref name="node"/> alone, without pooling, for a test's counts.</summary>
    public static string NodeConnectionString(PatroniNode node, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = node.PostgresPort,
            Database = database,
            Username = "postgres",
            Password = Password,
            Pooling = false,
        }.ToString();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var patroni = Require("/usr/bin/patroni", "patroni");
        var etcd = Require("/usr/bin/etcd", "etcd-server");
        _bin = PostgresServer.FindBin();
        Directory.CreateDirectory(_folder);
        var ports = LoopbackPort.GetFree(6);
        _etcdPort = ports[0];
        _nodes = [new PatroniNode("node1", Path.Combine(_folder, "node1"), ports[2], ports[3]), new PatroniNode("node2", Path.Combine(_folder, "node2"), ports[4], ports[5])];
        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "ha", "patroni.yml.template"), guard.Token).ConfigureAwait(false);
        foreach (var node in _nodes)
        {
            Directory.CreateDirectory(node.Folder);
            await File.WriteAllTextAsync(node.ConfigFile, Fill(template, node), guard.Token).ConfigureAwait(false);
        }

        if (Environment.IsPrivilegedProcess)
        {
            // Patroni and PostgreSQL run as postgres (PostgreSQL refuses root); they own the nodes' folders.
            using var chown = Process.Start("chown", ["-R", "postgres:postgres", _folder]) ?? throw new InvalidOperationException("chown did not start.");
            await chown.WaitForExitAsync(guard.Token).ConfigureAwait(false);
        }

        StopWhenProcessEnds(Environment.ProcessId);
        try
        {
            var peerPort = ports[1];
            _etcd = LoggedProcess.Start(etcd,
            [
                "--name", "etcd1", "--data-dir", Path.Combine(_folder, "etcd"),
                "--listen-client-urls", Url(_etcdPort), "--advertise-client-urls", Url(_etcdPort),
                "--listen-peer-urls", Url(peerPort), "--initial-advertise-peer-urls", Url(peerPort),
                "--initial-cluster", "etcd1=" + Url(peerPort), "--initial-cluster-state", "new",
            ], EtcdLog, asPostgres: false);
            await File.WriteAllTextAsync(Path.Combine(_folder, "etcd.pid"), _etcd.Id.ToString(CultureInfo.InvariantCulture), guard.Token).ConfigureAwait(false);
            await LoopbackPort.WaitUntilAcceptingAsync(_etcdPort, () => !_etcd.HasExited, HangGuard, guard.Token).ConfigureAwait(false);

            // node1 bootstraps (initdb) and takes the leader key; node2 then clones it with pg_basebackup.
            Start(patroni, _nodes[0]);
            await WaitForAsync(async ct => (await MembersAsync(ct).ConfigureAwait(false)).Any(m => m.Name == _nodes[0].Name && m.IsRunningLeader), "node1 to bootstrap as the primary", guard.Token).ConfigureAwait(false);
            Start(patroni, _nodes[1]);
            await WaitUntilHealthyAsync(guard.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var logs = Logs();
            await DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The Patroni cluster did not start: {ex.Message}\n{logs}", ex);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        // SIGTERM: each Patroni stops its PostgreSQL, then exits; pg_ctl afterwards only for a node that did not.
        foreach (var node in _nodes)
        {
            node.Process?.Terminate();
        }

        foreach (var node in _nodes)
        {
            if (node.Process is { } process && !await process.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false))
            {
                process.Kill();
            }

            await StopPostgresAsync(node).ConfigureAwait(false);
            node.Process?.Dispose();
            node.Process = null;
        }

        _etcd?.Kill();
        _etcd?.Dispose();
        _etcd = null;
        _rest.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The watcher removes it once the host ends.
        }
    }

    /// <summary>The last lines of etcd's and each node's log, for a failure message.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        foreach (var (name, file) in (IEnumerable<(string, string)>)[("etcd", EtcdLog), .. _nodes.Select(n => (n.Name, n.LogFile))])
        {
            text.Append("--- ").Append(name).AppendLine(" (last 40 lines) ---");
            if (File.Exists(file))
            {
                string[] lines;
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                using (var reader = new StreamReader(stream))
                {
                    lines = reader.ReadToEnd().Split('\n');
                }

                foreach (var line in lines.TakeLast(40))
                {
                    text.AppendLine(line);
                }
            }
        }

        return text.ToString();
    }

    private static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

    private static void Start(string patroni, PatroniNode node)
    {
        node.Process = LoggedProcess.Start(patroni, [node.ConfigFile], node.LogFile, asPostgres: true);
        File.WriteAllText(Path.Combine(node.Folder, "patroni.pid"), node.Process.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The template with this node's values: loopback, short timers valid for Patroni (loop_wait + 2 x retry_timeout &lt;= ttl).</summary>
    private string Fill(string template, PatroniNode node) => template
        .Replace("{{scope}}", Scope, StringComparison.Ordinal)
        .Replace("{{name}}", node.Name, StringComparison.Ordinal)
        .Replace("{{rest_listen}}", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{node.RestPort}"), StringComparison.Ordinal)
        .Replace("{{etcd_hosts}}", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_etcdPort}"), StringComparison.Ordinal)
        .Replace("{{pg_listen}}", node.Endpoint, StringComparison.Ordinal)
        .Replace("{{data_dir}}", node.DataFolder, StringComparison.Ordinal)
        .Replace("{{bin_dir}}", _bin, StringComparison.Ordinal)
        .Replace("{{socket_dir}}", node.Folder, StringComparison.Ordinal)
        .Replace("{{pgpass}}", Path.Combine(node.Folder, "pgpass"), StringComparison.Ordinal)
        .Replace("{{clients}}", "127.0.0.1/32", StringComparison.Ordinal)
        .Replace("{{superuser_password}}", Password, StringComparison.Ordinal)
        .Replace("{{replication_password}}", "hub-test-replication", StringComparison.Ordinal)
        .Replace("{{ttl}}", "20", StringComparison.Ordinal)
        .Replace("{{loop_wait}}", "2", StringComparison.Ordinal)
        .Replace("{{retry_timeout}}", "5", StringComparison.Ordinal);

    private async Task StopPostgresAsync(PatroniNode node)
    {
        if (!File.Exists(Path.Combine(node.DataFolder, "postmaster.pid")))
        {
            return;
        }

        string[] args = Environment.IsPrivilegedProcess
            ? ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", node.DataFolder, "stop", "-m", "immediate", "-w"]
            : ["-D", node.DataFolder, "stop", "-m", "immediate", "-w"];
        using var stop = Process.Start(Environment.IsPrivilegedProcess ? "runuser" : Path.Combine(_bin, "pg_ctl"), args);
        if (stop is not null)
        {
            await stop.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops everything once process <paramref name="ownerPid"/> has ended, whichever way: a test host is killed by
    /// its runner soon after the last test, and would otherwise leave etcd, Patroni and PostgreSQL running.
    /// </summary>
    private void StopWhenProcessEnds(int ownerPid)
    {
        var pgCtl = Path.Combine(_bin, "pg_ctl");
        var asPostgres = Environment.IsPrivilegedProcess ? "runuser -u postgres -- " : string.Empty;
        var stopNodes = string.Join("; ", _nodes.Select(n => $"{asPostgres}'{pgCtl}' -D '{n.DataFolder}' stop -m immediate -w"));
        // The processes by the ids the fixture wrote down when it started them (pid files in the cluster's folder).
        DetachedCleanup.WhenProcessEnds(ownerPid,
            $"for f in '{_folder}'/node*/patroni.pid; do [ -f \"$f\" ] && kill -TERM \"$(cat \"$f\")\"; done; sleep 5; {stopNodes}; [ -f '{_folder}/etcd.pid' ] && kill -KILL \"$(cat '{_folder}/etcd.pid')\"; rm -rf '{_folder}'");
    }

    private static string Require(string path, string package) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run deploy/install-deps.sh (it apt-gets {package}).");
}
