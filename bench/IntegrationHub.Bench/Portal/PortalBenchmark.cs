using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Portal;

/// <summary>
/// Issue 6's benchmark against the real <c>hub run</c>: what the order page costs to load (bytes on the wire, first
/// visit and repeat visit) and to answer (the order JSON's time, against <c>/health/live</c> of the same process in the
/// same run), then N order pages held open with live updates (server-sent events): the hub's memory and CPU for them.
/// </summary>
internal static class PortalBenchmark
{
    private const string Customer = "C001";
    private static readonly string[] PageFiles = ["/portal/", "/portal/common.js", "/portal/portal.js", "/portal/portal.css"];

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "portal");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var dataFolder = Path.Combine(folder, "data");
        var orderList = Path.Combine(folder, $"orders-{Customer}.txt");
        Console.Error.WriteLine($"[portal] seeding {settings.PortalOrders:N0} orders");
        await ChildProcess.MeasureAsync(
            ChildProcess.Self(["task", "seed", dataFolder, settings.PortalOrders.ToString(CultureInfo.InvariantCulture), Customer, orderList], settings.ChildEnvironment),
            TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        string[] hubSettings =
        [
            "--Hub:DataFolder=" + dataFolder,
            "--Hub:MappingsFolder=" + Path.GetFullPath(settings.MappingsFolder),
            "--Hub:Portal:RequestsPerMinutePerToken=100000000",
            "--Hub:Portal:RequestsPerMinutePerAddress=100000000",
            "--Hub:Portal:MaxLivePagesPerCustomer=100000",
        ];
        var issued = await ChildProcess.RunAsync(
            ChildProcess.Program(settings.HubExecutable, ["portal", "issue-token", "--customer", Customer, .. hubSettings]),
            TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        var token = issued.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("hubp_", StringComparison.Ordinal));
        var orders = await File.ReadAllLinesAsync(orderList, cancellationToken).ConfigureAwait(false);

        await using var server = await HubServer.StartAsync(settings.HubExecutable, hubSettings, Path.Combine(folder, "hub.log"), cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[portal] hub {server.BaseUrl} (pid {server.ProcessId})");
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"### Portal (issue 6): {settings.PortalOrders:N0} orders of which {orders.Length:N0} are {Customer}'s, real `hub run` on SQLite"),
            "",
        };
        lines.AddRange(await TransferAsync(http, orders[0], cancellationToken).ConfigureAwait(false));
        lines.Add("");
        lines.AddRange(await ServerTimeAsync(http, orders, settings.PortalRequests, cancellationToken).ConfigureAwait(false));
        lines.Add("");
        lines.AddRange(await LivePagesAsync(server, token, orders, settings.PortalLivePages, settings.PortalLiveSeconds, cancellationToken).ConfigureAwait(false));
        return lines;
    }

    // Bytes of the answers' bodies, as the browser receives them (the hub sends no compression); a repeat visit
    // revalidates the page's files (304, no body) and fetches the data again.
    private static async Task<IReadOnlyList<string>> TransferAsync(HttpClient http, string order, CancellationToken cancellationToken)
    {
        long pageBytes = 0, revalidated = 0;
        foreach (var file in PageFiles)
        {
            using var first = await http.GetAsync(new Uri(file, UriKind.Relative), cancellationToken).ConfigureAwait(false);
            first.EnsureSuccessStatusCode();
            pageBytes += (await first.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)).Length;
            using var again = new HttpRequestMessage(HttpMethod.Get, file);
            again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag?.ToString());
            using var second = await http.SendAsync(again, cancellationToken).ConfigureAwait(false);
            revalidated += second.StatusCode == HttpStatusCode.NotModified ? 0 : (await second.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)).Length;
        }

        var orderBytes = (await http.GetByteArrayAsync(new Uri("/api/portal/orders/" + order, UriKind.Relative), cancellationToken).ConfigureAwait(false)).Length;
        var listBytes = (await http.GetByteArrayAsync(new Uri("/api/portal/orders?pageSize=20", UriKind.Relative), cancellationToken).ConfigureAwait(false)).Length;
        var i = CultureInfo.InvariantCulture;
        return
        [
            "| transfer (response bodies, uncompressed) | bytes |",
            "|---|---:|",
            string.Create(i, $"| the page's files ({string.Join(", ", PageFiles)}), first visit | {pageBytes:N0} |"),
            string.Create(i, $"| the same, repeat visit (revalidated with ETag) | {revalidated:N0} |"),
            string.Create(i, $"| an order's progress (JSON, {order}) | {orderBytes:N0} |"),
            string.Create(i, $"| the order list, 20 orders (JSON) | {listBytes:N0} |"),
            string.Create(i, $"| **order page, first visit** (files + order) | **{pageBytes + orderBytes:N0}** |"),
        ];
    }

    // One request at a time, so the time is the server's answer plus a loopback round trip; the trivial endpoint
    // of the same process gives that round trip and the framework's share.
    private static async Task<IReadOnlyList<string>> ServerTimeAsync(HttpClient http, string[] orders, int requests, CancellationToken cancellationToken)
    {
        var random = new Random(6);
        var order = new List<double>();
        var trivial = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var (target, samples) in new[] { ("trivial", trivial), ("order", order) })
            {
                for (var n = 0; n < requests / 3; n++)
                {
                    var path = target == "order" ? "/api/portal/orders/" + orders[random.Next(orders.Length)] : "/health/live";
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
                    }

                    if (round > 0 || n >= 100)
                    {
                        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        }

        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"| time per request, one at a time ({order.Count:N0} each, random orders) | p50 ms | p99 ms |"),
            "|---|---:|---:|",
            string.Create(i, $"| `/health/live` (baseline) | {Percentile(trivial, 0.50):0.000} | {Percentile(trivial, 0.99):0.000} |"),
            string.Create(i, $"| `/api/portal/orders/{{orderNo}}` | {Percentile(order, 0.50):0.000} | {Percentile(order, 0.99):0.000} |"),
            string.Create(i, $"| **order JSON minus baseline (the order's own server time), p50** | **{Percentile(order, 0.50) - Percentile(trivial, 0.50):0.000}** | |"),
        ];
    }

    private static async Task<IReadOnlyList<string>> LivePagesAsync(
        HubServer server, string token, string[] orders, int pages, int seconds, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        var before = server.ResidentMiB();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = pages + 10, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long events = 0;
        var firstEvent = Enumerable.Range(0, pages).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var opened = Stopwatch.GetTimestamp();
        var streams = Enumerable.Range(0, pages).Select(n => Task.Run(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"/api/portal/orders/{orders[n % orders.Length]}/events", UriKind.Relative),
                    HttpCompletionOption.ResponseHeadersRead, stop.Token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token).ConfigureAwait(false));
                while (await reader.ReadLineAsync(stop.Token).ConfigureAwait(false) is { } line)
                {
                    if (line.StartsWith("event: progress", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref events);
                        firstEvent[n].TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                firstEvent[n].TrySetException(e);
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(firstEvent.Select(f => f.Task)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        var allOpen = Stopwatch.GetElapsedTime(opened);
        var cpu0 = ProcessCpu.SecondsOf(server.ProcessId);
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        var cpu = ProcessCpu.SecondsOf(server.ProcessId) - cpu0;
        var during = server.ResidentMiB();
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(streams).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var after = server.ResidentMiB();
        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"| {pages} order pages open with live updates (server-sent events, the store read every 2 s per page) | |"),
            "|---|---:|",
            string.Create(i, $"| all {pages} streams open with their first event, after | {allOpen.TotalSeconds:0.00} s |"),
            string.Create(i, $"| hub RSS before / with them open ({seconds} s later) / 5 s after they closed | {before:0} / {during:0} / {after:0} MiB |"),
            string.Create(i, $"| **memory per open page** ((with - before) / {pages}) | **{(during - before) * 1024 / pages:0} KiB** |"),
            string.Create(i, $"| hub CPU while they were open | {cpu / seconds:P0} of one core |"),
            string.Create(i, $"| progress events received (each page gets one at once, then only on change) | {Interlocked.Read(ref events):N0} |"),
        ];
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
