using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace IntegrationHub.Tests.Common.Patroni;

/// <summary>What a test asks of the cluster through Patroni's REST API, and the faults it causes.</summary>
public sealed partial class PatroniCluster
{
    /// <summary>The members as the first Patroni that answers reports them (<c>GET /cluster</c>); empty when none answers.</summary>
    public async Task<IReadOnlyList<PatroniMember>> MembersAsync(CancellationToken cancellationToken)
    {
        foreach (var node in _nodes)
        {
            try
            {
                var cluster = await _rest.GetFromJsonAsync<JsonElement>(node.RestUri("cluster"), cancellationToken).ConfigureAwait(false);
                return [.. cluster.GetProperty("members").EnumerateArray().Select(m => new PatroniMember(
                    m.GetProperty("name").GetString()!,
                    m.GetProperty("role").GetString()!,
                    m.GetProperty("state").GetString()!,
                    m.TryGetProperty("timeline", out var timeline) && timeline.ValueKind == JsonValueKind.Number ? timeline.GetInt64() : null))];
            }
            catch (HttpRequestException)
            {
                // This node's Patroni is down or restarting: ask the other.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Its HTTP timeout: ask the other.
            }
        }

        return [];
    }

    /// <summary>
    /// Waits until one member is the running primary and the other a running synchronous standby on the same timeline:
    /// the state in which Patroni may promote the standby without losing a commit.
    /// </summary>
    public async Task<(PatroniNode Primary, PatroniNode Standby)> WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PatroniMember> members = [];
        await WaitForAsync(async ct =>
        {
            members = await MembersAsync(ct).ConfigureAwait(false);
            var leader = members.SingleOrDefault(m => m.IsRunningLeader);
            return leader is not null && members.Count == _nodes.Length
                && members.Any(m => m.IsRunningSyncStandby && m.Timeline == leader.Timeline);
        }, "a running primary and a streaming synchronous standby", cancellationToken).ConfigureAwait(false);
        return (Node(members.Single(m => m.IsRunningLeader).Name), Node(members.Single(m => m.IsRunningSyncStandby).Name));
    }

    /// <summary>Waits until a node other than <paramref name="former"/> is the running primary, and returns it.</summary>
    public async Task<PatroniNode> WaitForNewPrimaryAsync(PatroniNode former, CancellationToken cancellationToken)
    {
        PatroniMember? leader = null;
        await WaitForAsync(async ct =>
        {
            leader = (await MembersAsync(ct).ConfigureAwait(false)).SingleOrDefault(m => m.IsRunningLeader);
            return leader is not null && leader.Name != former.Name;
        }, $"a primary other than {former.Name}", cancellationToken).ConfigureAwait(false);
        return Node(leader!.Name);
    }

    /// <summary>A planned switch-over through Patroni's REST API (<c>POST /switchover</c> on the primary).</summary>
    public async Task SwitchoverAsync(PatroniNode primary, PatroniNode candidate, CancellationToken cancellationToken)
    {
        // A body with its length: Patroni's HTTP server answers a chunked request (PostAsJsonAsync's) with 411.
        using var body = new StringContent(JsonSerializer.Serialize(new { leader = primary.Name, candidate = candidate.Name }), System.Text.Encoding.UTF8, "application/json");
        using var response = await _rest.PostAsync(primary.RestUri("switchover"), body, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Patroni refused the switch-over from {primary.Name} to {candidate.Name}: {(int)response.StatusCode} {answer}\n{Logs()}");
        }
    }

    /// <summary>
    /// kill -9 of the primary's PostgreSQL (a crash of PostgreSQL, its Patroni alive): the postmaster and every process it
    /// started. With primary_start_timeout 0 Patroni releases the leader key and the synchronous standby is promoted.
    /// </summary>
    /// <remarks>
    /// The postmaster alone is not enough: a backend serving the hub, orphaned by the kill, was seen to live on for
    /// minutes (its client gone, its socket in CLOSE-WAIT) holding the instance's shared memory, and Patroni could not
    /// start the node again as a standby ("pre-existing shared memory block is still in use"): every later test or
    /// benchmark round on the cluster then waited in vain for a healthy cluster. A crashed server takes them all.
    /// </remarks>
    public async Task KillPostmasterAsync(PatroniNode node, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(node.DataFolder, "postmaster.pid");
        string firstLine;
        using (var stream = new FileStream(pidFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            firstLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty;
        }

        var pid = int.Parse(firstLine.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        // Its children by their parent id, read before the kill: once orphaned they belong to init.
        var children = ChildrenOf(pid);
        using (var postmaster = System.Diagnostics.Process.GetProcessById(pid))
        {
            // Process.Kill is SIGKILL on Linux: no shutdown.
            postmaster.Kill();
        }

        foreach (var child in children)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(child);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already (it found its postmaster dead and exited).
            }
        }
    }

    /// <summary>The ids of the processes whose parent is <paramref name="parent"/>, from /proc/&lt;pid&gt;/stat.</summary>
    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) && ppid == parent)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>Creates an empty database on the current primary; it reaches the standby by streaming replication.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        var (primary, _) = await WaitUntilHealthyAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = new NpgsqlConnection(NodeConnectionString(primary, "postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The node named <paramref name="name"/>.</summary>
    public PatroniNode Node(string name) => _nodes.Single(n => n.Name == name);

    /// <summary>Waits for a condition, polling every 200 ms; the token is only a hang guard, and its end fails with the cluster's logs.</summary>
    private async Task WaitForAsync(Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        try
        {
            while (!await condition(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {what}. Members: {string.Join(", ", await MembersAsync(CancellationToken.None).ConfigureAwait(false))}\n{Logs()}");
        }
    }
}
