using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;
using Npgsql;

namespace IntegrationHub.Bench.Nodes;

/// <summary>
/// Issue 18's fail-over times: "node kill to work taken over; PostgreSQL primary kill to ingest resumed (median of 5)".
/// Here the first: two real <c>hub run</c> processes on one PostgreSQL database, both configured with the same database
/// poller (the ERP simulator's customers, a lease named <c>sql:erp-db-customers</c>); the node holding the lease is
/// killed with SIGKILL, a new ERP row is inserted at once, and the clock runs until the other node's /health says it
/// holds the lease, and until that row is stored (the work ran there). The killed node is then started again on its
/// data folder, and the next round kills whichever node holds the lease then.
/// </summary>
internal static partial class FailoverBenchmark
{
    private const string Source = "erp-db-customers";
    private const string Lease = "sql:" + Source;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RoundLimit = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        if (settings.FailoverKind is "hub" or "both")
        {
            lines.AddRange(await HubFailoverAsync(settings, cancellationToken).ConfigureAwait(false));
            lines.Add("");
        }

        if (settings.FailoverKind is "postgresql" or "both")
        {
            lines.AddRange(await PostgresFailoverAsync(settings, cancellationToken).ConfigureAwait(false));
        }

        return lines;
    }

    private static async Task<IReadOnlyList<string>> HubFailoverAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var folder = WorkFolder.Fresh(settings, "failover-hub");
        var mappings = Path.Combine(folder, "mappings");
        Directory.CreateDirectory(mappings);
        File.Copy(Path.Combine(settings.ErpDbFolder, "mappings", Source + ".yaml"), Path.Combine(mappings, Source + ".yaml"));

        await using var postgres = await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        var erp = await postgres.NewStoreAsync("erp", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(settings.ErpDbFolder, "schema.sql"), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var store = await postgres.NewStoreAsync("hubs", cancellationToken).ConfigureAwait(false);

        string[] NodeSettings(string node) =>
        [
            "--Hub:DataFolder=" + Path.Combine(folder, node),
            "--Hub:MappingsFolder=" + mappings,
            "--Hub:NodeId=" + node,
            "--Hub:Sql:Sources:0:Name=" + Source,
            "--Hub:Sql:Sources:0:Provider=Npgsql",
            "--Hub:Sql:Sources:0:Query=SELECT * FROM customers WHERE updated_at >= @watermark ORDER BY updated_at, customer_code",
            "--Hub:Sql:Sources:0:KeyColumn=customer_code",
            "--Hub:Sql:Sources:0:WatermarkColumn=updated_at",
            "--Hub:Sql:Sources:0:WatermarkKind=Timestamp",
            "--Hub:Sql:Sources:0:Interval=" + PollEvery.ToString("c", i),
            .. store.HubArguments,
        ];

        // The ERP's connection string in the environment, as the hub's own: neither appears on a command line.
        var environment = new Dictionary<string, string>(store.Environment) { ["Hub__Sql__Sources__0__ConnectionString"] = erp.ConnectionString! };
        var nodes = new Dictionary<string, HubServer>(StringComparer.Ordinal);
        var starts = 0;
        async Task StartAsync(string node)
        {
            Directory.CreateDirectory(Path.Combine(folder, node));
            nodes[node] = await HubServer.StartAsync(settings.HubExecutable, NodeSettings(node), Path.Combine(folder, string.Create(i, $"{node}-{++starts}.log")),
                cancellationToken, environment).ConfigureAwait(false);
        }

        var rounds = new List<(string Killed, double LeaseSeconds, double WorkSeconds, string Load)>();
        try
        {
            await StartAsync("node-a").ConfigureAwait(false);
            await StartAsync("node-b").ConfigureAwait(false);
            await ExecuteAsync(erp, "INSERT INTO customers (customer_code, name) VALUES ('C-FO-0', 'Before the first kill')", cancellationToken).ConfigureAwait(false);
            await WaitForAsync(async () => await CustomersAsync(store, cancellationToken).ConfigureAwait(false) >= 1, "the first ERP row stored", cancellationToken).ConfigureAwait(false);

            for (var round = 1; round <= settings.FailoverRounds; round++)
            {
                // Both nodes agree on the holder before the kill: the holder runs the poller, the other waits.
                string holder = "";
                await WaitForAsync(async () =>
                {
                    var views = new List<(string? Holder, bool HeldHere)?>();
                    foreach (var (_, server) in nodes)
                    {
                        views.Add(await LeaseAsync(server, cancellationToken).ConfigureAwait(false));
                    }

                    holder = views[0]?.Holder ?? "";
                    return nodes.ContainsKey(holder) && views.All(v => v?.Holder == holder) && views.Count(v => v!.Value.HeldHere) == 1;
                }, "both nodes to see one holder of " + Lease, cancellationToken).ConfigureAwait(false);

                var survivor = nodes.Keys.Single(n => n != holder);
                var before = await CustomersAsync(store, cancellationToken).ConfigureAwait(false);
                var killed = Stopwatch.GetTimestamp();
                nodes[holder].Kill();
                await ExecuteAsync(erp, string.Create(i, $"INSERT INTO customers (customer_code, name) VALUES ('C-FO-{round}', 'After kill {round}')"), cancellationToken).ConfigureAwait(false);

                double leaseSeconds = double.NaN, workSeconds = double.NaN;
                await WaitForAsync(async () =>
                {
                    var now = Stopwatch.GetTimestamp();
                    if (double.IsNaN(leaseSeconds) && await LeaseAsync(nodes[survivor], cancellationToken).ConfigureAwait(false) is { HeldHere: true })
                    {
                        leaseSeconds = Stopwatch.GetElapsedTime(killed, now).TotalSeconds;
                    }

                    if (double.IsNaN(workSeconds) && await CustomersAsync(store, cancellationToken).ConfigureAwait(false) > before)
                    {
                        workSeconds = Stopwatch.GetElapsedTime(killed, now).TotalSeconds;
                    }

                    return !double.IsNaN(leaseSeconds) && !double.IsNaN(workSeconds);
                }, string.Create(i, $"round {round}: {survivor} to take {Lease} over and store the new row"), cancellationToken).ConfigureAwait(false);

                var load = Machine.LoadAverage();
                rounds.Add((holder, leaseSeconds, workSeconds, load));
                Console.Error.WriteLine(string.Create(i, $"[failover] round {round}: killed {holder}; {survivor} held the lease after {leaseSeconds:0.00} s, stored the new row after {workSeconds:0.00} s; load {load}"));

                // The killed node comes back on its own data folder, as a restarted server would, and waits as the standby.
                await nodes[holder].DisposeAsync().ConfigureAwait(false);
                nodes.Remove(holder);
                await StartAsync(holder).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var (_, server) in nodes)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }

        return HubReport(settings, rounds);
    }

    /// <summary>How often the benchmark's poller polls: short, so that the poll interval adds little to the take-over.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    private static List<string> HubReport(BenchSettings settings, IReadOnlyList<(string Killed, double LeaseSeconds, double WorkSeconds, string Load)> rounds)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### Fail-over of a hub node: kill -9 of the lease holder to the work running on the other node ({settings.FailoverRounds} rounds)"),
            "",
            string.Create(i, $"Two `hub run` processes (node-a, node-b) on one database of the benchmark's own PostgreSQL, both with the ERP simulator's customer poller (`{Source}`, polling every {PollEvery.TotalMilliseconds:0} ms), which runs only on the node holding the lease `{Lease}`. The lease settings are the defaults (Hub:Leases:Duration 6 s, RenewInterval 2 s, RetryInterval 2 s). Each round: both nodes agree on the holder; SIGKILL to it; a new ERP row at once; timed until the other node's /health shows the lease held there, and until the new row is stored (polled every {PollInterval.TotalMilliseconds:0} ms). The killed node is then started again and waits as the standby; the next round kills whichever node holds the lease."),
            "",
            "| round | killed | lease taken over, s | work ran (new row stored), s | load average after |",
            "|---:|---|---:|---:|---|",
            .. rounds.Select((r, n) => string.Create(i, $"| {n + 1} | {r.Killed} | {r.LeaseSeconds:0.00} | {r.WorkSeconds:0.00} | {r.Load} |")),
            "",
            Summary("lease taken over", [.. rounds.Select(r => r.LeaseSeconds)]),
            Summary("work ran on the other node", [.. rounds.Select(r => r.WorkSeconds)]),
            "",
            "What bounds it: the dead node's lease runs out 6 s after its last renewal (renewed every 2 s, so 4-6 s after the kill), and the survivor tries every 2 s: 4-8 s by design, under issue 18's 10 s.",
        ];
        return lines;
    }

    /// <summary>"median X s (min-max over N)", in bold for the median.</summary>
    private static string Summary(string what, IReadOnlyList<double> seconds) => string.Create(CultureInfo.InvariantCulture,
        $"**{what}: median {Stats.Median(seconds):0.00} s** (min {seconds.DefaultIfEmpty(double.NaN).Min():0.00}, max {seconds.DefaultIfEmpty(double.NaN).Max():0.00} over {seconds.Count}).");

    private static async Task<(string? Holder, bool HeldHere)?> LeaseAsync(HubServer server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var health = await HealthJson.ReadAsync(http, cancellationToken).ConfigureAwait(false);
            return HealthJson.Lease(health.RootElement, Lease);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<long> CustomersAsync(BenchStore store, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM entities WHERE kind = 'Customer' AND source = '{Source}'", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(BenchStore database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; a round's limit (2 minutes) only stops a hang.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * RoundLimit.TotalSeconds);
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Waited {RoundLimit} in vain for {what}.");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
