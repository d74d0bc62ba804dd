using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;
using IntegrationHub.Hub.Host.Store.PostgreSql;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// Order-progress lookups against the real <c>hub run</c> process over a store of a million orders, with wrk, against
/// the trivial <c>/health/live</c> of the same process as the baseline; rounds alternate the two targets.
/// </summary>
internal static class LookupBenchmark
{
    private const string Customer = "C001";

    /// <summary>The benchmark on each store <c>--store</c> names (SQLite unless told; issue 17 adds PostgreSQL).</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var kinds = BenchStore.Kinds(settings.Store, "sqlite");
        await using var postgres = kinds.Contains("postgresql") ? await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false) : null;
        var lines = new List<string>();
        foreach (var kind in kinds)
        {
            var store = kind == "postgresql" ? await postgres!.NewStoreAsync("lookup", cancellationToken).ConfigureAwait(false) : BenchStore.Sqlite;
            if (lines.Count > 0)
            {
                lines.Add("");
            }

            lines.AddRange(await RunAsync(settings, store, cancellationToken).ConfigureAwait(false));
            if (postgres is not null && store.IsPostgreSql)
            {
                lines.Add("PostgreSQL: " + await postgres.DescribeAsync(cancellationToken).ConfigureAwait(false) + ".");
            }
        }

        return lines;
    }

    private static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, BenchStore store, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "lookup-" + store.Name.ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var dataFolder = Path.Combine(folder, "data");
        var orderList = Path.Combine(folder, $"orders-{Customer}.txt");

        Console.Error.WriteLine($"[lookup] seeding {settings.LookupOrders:N0} orders into a fresh {store.Name} store");
        var seed = await ChildProcess.MeasureAsync(
            store.ApplyTo(ChildProcess.Self(["task", "seed", dataFolder, settings.LookupOrders.ToString(CultureInfo.InvariantCulture), Customer, orderList],
                settings.ChildEnvironment)),
            TimeSpan.FromMinutes(20), cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[lookup] {seed}");

        IReadOnlyList<string> stages;
        if (store.IsPostgreSql)
        {
            // Autovacuum would analyze the fresh tables within its naptime; done here so it is not inside a timed round.
            var sampleOrder = (await File.ReadAllLinesAsync(orderList, cancellationToken).ConfigureAwait(false))[0];
            var vacuum = await store.VacuumAnalyzeAsync(cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine("[lookup] stage breakdown");
            stages =
            [
                vacuum,
                "",
                .. await ChildProcess.ReportAsync(
                    store.ApplyTo(ChildProcess.Self(["task", "lookup-stages", dataFolder, orderList], settings.ChildEnvironment)),
                    TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false),
                "",
                .. await store.ExplainAsync(PostgreSqlHubStore.OrderSnapshotSql, sampleOrder, cancellationToken).ConfigureAwait(false),
            ];
        }
        else
        {
            Console.Error.WriteLine("[lookup] stage breakdown");
            stages = await ChildProcess.ReportAsync(
                ChildProcess.Self(["task", "lookup-stages", dataFolder, orderList], settings.ChildEnvironment),
                TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
        }

        string[] hubSettings =
        [
            "--Hub:DataFolder=" + dataFolder,
            "--Hub:MappingsFolder=" + Path.GetFullPath(settings.MappingsFolder),
            "--Hub:Portal:RequestsPerMinutePerToken=100000000",
            "--Hub:Portal:FailedAttemptsPerMinutePerAddress=100000000",
            .. store.HubArguments,
        ];
        var issued = await ChildProcess.RunAsync(
            store.ApplyTo(ChildProcess.Program(settings.HubExecutable, ["portal", "issue-token", "--customer", Customer, .. hubSettings])),
            TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        var token = issued.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("hubp_", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"hub portal issue-token printed no token: {issued}");

        await using var server = await HubServer.StartAsync(settings.HubExecutable, hubSettings, Path.Combine(folder, "hub.log"), cancellationToken, store.Environment)
            .ConfigureAwait(false);
        Console.Error.WriteLine($"[lookup] hub {server.BaseUrl} (pid {server.ProcessId})");
        var sample = (await File.ReadAllLinesAsync(orderList, cancellationToken).ConfigureAwait(false))[0];
        await PreflightAsync(server.BaseUrl, token, sample, cancellationToken).ConfigureAwait(false);

        var wrk = new WrkRunner(folder, settings.WrkThreads, settings.WrkConnections, settings.WrkDuration, token, orderList);
        Console.Error.WriteLine("[lookup] warm-up");
        await wrk.TrivialAsync(server.BaseUrl, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        await wrk.LookupAsync(server.BaseUrl, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);

        var trivial = new List<WrkResult>();
        var lookup = new List<WrkResult>();
        var loads = new List<double>();
        for (var round = 1; round <= settings.LookupRounds; round++)
        {
            // The 1-minute load average before each round (issue 20 item 3): above 1.5 the round is NOISY.
            loads.Add(RunLoad.AfterSettling());
            var t = await wrk.TrivialAsync(server.BaseUrl, null, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine(Describe(round, t));
            trivial.Add(t);
            var l = await wrk.LookupAsync(server.BaseUrl, null, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine(Describe(round, l));
            lookup.Add(l);
        }

        var open = await OpenLoopAsync(settings, server.BaseUrl, token, orderList, cancellationToken).ConfigureAwait(false);
        var serverPeak = server.PeakMiB();
        // One ratio method (issue 20 item 3): the median of the per-round ratios, each round's two targets under one load.
        var ratio = RoundRatio.Of(lookup.Zip(trivial, (l, t) => l.RequestsPerSecond / t.RequestsPerSecond));
        var lookupP99 = Stats.Median(lookup.Select(r => r.P99Us)) / 1000;
        var notFound = lookup.Sum(r => r.NonSuccess) / (double)lookup.Sum(r => r.Requests);
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### Lookup on {store.Name}: GET /api/portal/orders/{{orderNo}} over {settings.LookupOrders:N0} orders, median of {settings.LookupRounds} rounds"),
            "",
            $"`{wrk.Describe(server.BaseUrl + "/...")}`, rounds alternate the two targets; both send the same Authorization header.",
            "",
            "| target | requests/s | p50 ms | p90 ms | p99 ms | non-2xx | runs (requests/s) |",
            "|---|---:|---:|---:|---:|---:|---|",
            Row("trivial GET /health/live", trivial),
            Row(string.Create(i, $"lookup (C001's orders, {WrkRunner.UnknownShare:P0} unknown numbers)"), lookup),
            string.Create(i, $"| **ratio lookup / trivial** (median of the per-round ratios) | **{ratio.Median:0.000}** | | | | | {ratio.Describe("0.000")} |"),
            "",
            string.Create(i, $"Aim (issue 2): p99 under 5 ms: **{(lookupP99 < 5 ? "met" : "missed")}** ({lookupP99:0.00} ms); at least half the trivial throughput: **{(ratio.Median >= 0.5 ? "met" : "missed")}** ({ratio.Median:P0}). Load average (1 min) before each round: {string.Join(", ", loads.Select(RunLoad.Mark))}. {RunLoad.Summary(loads)}"),
            "",
            .. open,
            "",
            string.Create(i, $"Lookup non-2xx share {notFound:P1} (expected about {WrkRunner.UnknownShare:P0}: the unknown numbers' 404s). Hub server peak RSS {serverPeak:0} MiB."),
            (store.IsPostgreSql
                ? "Seeding (binary COPY into entities through `hub store copy`'s PostgreSqlCopyTarget, one transaction): "
                : "Seeding (through SqliteHubStore.ApplyAsync, 10,000 entities per transaction): ") + seed.ToString() + ".",
            "",
            .. stages,
        ];
        if (notFound > WrkRunner.UnknownShare * 2 || lookup.Concat(trivial).Any(r => r.SocketErrors > 0 || r.Timeouts > 0))
        {
            lines.Add("**WARNING: more failures than the unknown numbers explain, or socket errors/timeouts; the figures are suspect (see hub.log).**");
        }

        return lines;
    }

    /// <summary>
    /// The open-loop run (issue 17): each rate of <see cref="BenchSettings.OpenLoopRates"/> to each target, interleaved,
    /// latency from the intended send time (<see cref="OpenLoopRunner"/>), on the same hub and store as the wrk rounds.
    /// </summary>
    private static async Task<IReadOnlyList<string>> OpenLoopAsync(
        BenchSettings settings, string baseUrl, string token, string orderList, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var orders = await File.ReadAllLinesAsync(orderList, cancellationToken).ConfigureAwait(false);
        var runner = new OpenLoopRunner(baseUrl, token, orders.Where(o => o.Length > 0).ToArray());
        List<string> lines =
        [
            string.Create(i, $"Open loop (issue 17): requests on a fixed schedule, {settings.OpenLoopDuration.TotalSeconds:0} s per rate, lookup and GET /health/live interleaved (the rate is per target), same headers, latency from the INTENDED send time (no coordinated omission); generator lateness is how late the generator itself sent, already inside every latency."),
            "",
            "| rate per target /s | target | requests | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | p99 ratio lookup / live | load average |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ];
        foreach (var rate in settings.OpenLoopRates)
        {
            var result = await runner.RunAsync(rate, settings.OpenLoopDuration, cancellationToken).ConfigureAwait(false);
            var load = Machine.LoadAverage();
            Console.Error.WriteLine(string.Create(i, $"[lookup] open loop {rate}/s: lookup p99 {result.Lookup.P99:0.00} ms, live p99 {result.Live.P99:0.00} ms, lateness p99 {result.Lateness.P99:0.00} ms, failures {result.Failures}, load {load}"));
            lines.Add(Open(rate, "lookup", result.Lookup, string.Create(i, $"**{result.Lookup.P99 / result.Live.P99:0.00}**"), load));
            lines.Add(Open(rate, "/health/live", result.Live, "", ""));
            lines.Add(Open(rate, "generator lateness", result.Lateness, "", result.Failures > 0 ? string.Create(i, $"**{result.Failures} failed**") : ""));
        }

        return lines;

        string Open(int rate, string target, Percentiles p, string ratio, string load) => string.Create(i,
            $"| {rate} | {target} | {p.Count:N0} | {p.P50:0.00} | {p.P90:0.00} | {p.P99:0.00} | {p.P999:0.00} | {p.Max:0.00} | {ratio} | {load} |");
    }

    private static async Task PreflightAsync(string baseUrl, string token, string knownOrder, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var anonymous = await http.GetAsync(new Uri("/api/portal/orders/" + knownOrder, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var known = await http.GetAsync(new Uri("/api/portal/orders/" + knownOrder, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await known.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var unknown = await http.GetAsync(new Uri("/api/portal/orders/SO-1999-0101-001", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (anonymous.StatusCode != HttpStatusCode.Unauthorized || known.StatusCode != HttpStatusCode.OK
            || !body.Contains(knownOrder, StringComparison.Ordinal) || unknown.StatusCode != HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException(
                $"Pre-flight failed: no token {(int)anonymous.StatusCode} (want 401), {knownOrder} {(int)known.StatusCode} (want 200), unknown {(int)unknown.StatusCode} (want 404). Body: {body}");
        }

        Console.Error.WriteLine($"[lookup] pre-flight ok: {knownOrder} -> {body.Length} bytes of JSON");
    }

    private static string Describe(int round, WrkResult r) => string.Create(CultureInfo.InvariantCulture,
        $"[lookup] round {round} {r.Target}: {r.RequestsPerSecond:N0} req/s, p50 {r.P50Us / 1000:0.00} ms, p99 {r.P99Us / 1000:0.00} ms, non-2xx {r.NonSuccess}, errors {r.SocketErrors}+{r.Timeouts}");

    private static string Row(string name, IReadOnlyList<WrkResult> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Stats.Median(runs.Select(r => r.RequestsPerSecond)):N0} | {Stats.Median(runs.Select(r => r.P50Us)) / 1000:0.00} | {Stats.Median(runs.Select(r => r.P90Us)) / 1000:0.00} | {Stats.Median(runs.Select(r => r.P99Us)) / 1000:0.00} | {runs.Sum(r => r.NonSuccess) / (double)runs.Sum(r => r.Requests):P1} | {string.Join(", ", runs.Select(r => r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |");
}
