using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.OpcUa;

/// <summary>
/// Issue 4's benchmark: a node-opcua server of the benchmark's own on loopback with 10,000 items that change every
/// 100 ms; node-opcua's own client and the hub's client, one at a time and in alternating rounds, subscribe to all of
/// them (sampling and publishing every 100 ms) and count what they deliver, with their CPU time and peak memory.
/// </summary>
internal static class OpcUaBenchmark
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "opcua");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var port = FreePort();
        var serverStart = ChildProcess.Program("node", Path.Combine(settings.OpcUaScriptsFolder, "server.js"),
            "--port", Text(port), "--data-dir", Path.Combine(folder, "server"), "--items", Text(settings.OpcUaItems),
            "--tick-ms", Text(settings.OpcUaIntervalMs));
        serverStart.Environment["NODE_PATH"] = settings.OpcUaNodeModules;
        await using var server = BackgroundProcess.Start(serverStart);
        var endpoint = await WaitForReadyAsync(server, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[opcua] node-opcua server at {endpoint} (pid {server.ProcessId}), {settings.OpcUaItems:N0} items changing every {settings.OpcUaIntervalMs} ms");

        var limit = TimeSpan.FromSeconds(settings.OpcUaWarmupSeconds + settings.OpcUaSeconds) + TimeSpan.FromMinutes(2);
        var runs = new List<(int Round, SubscriberResult Result, double ServerCpuShare, ServerCount? Server)>();
        var loads = new List<double>();
        for (var round = 1; round <= settings.OpcUaRounds; round++)
        {
            // The 1-minute load average before each round (issue 20 item 3): above 1.5 the round is NOISY.
            loads.Add(RunLoad.AfterSettling());
            foreach (var client in new[] { "node-opcua", "hub" })
            {
                var cpu0 = ProcessCpu.SecondsOf(server.ProcessId);
                var started = TimeProvider.System.GetTimestamp();
                var start = client == "hub"
                    ? ChildProcess.Self(
                        ["task", "opcua-hub", endpoint, Text(settings.OpcUaItems), Text(settings.OpcUaIntervalMs), Text(settings.OpcUaWarmupSeconds), Text(settings.OpcUaSeconds)],
                        settings.ChildEnvironment)
                    : NodeClient(settings, endpoint, folder);
                var output = await ChildProcess.RunAsync(start, limit, cancellationToken).ConfigureAwait(false);
                var result = output.Split('\n').Select(l => SubscriberResult.TryParse(l.TrimEnd('\r'))).LastOrDefault(r => r is not null)
                    ?? throw new InvalidOperationException($"{ChildProcess.Describe(start)} printed no result. Its output:\n{output}");
                var serverShare = (ProcessCpu.SecondsOf(server.ProcessId) - cpu0) / TimeProvider.System.GetElapsedTime(started).TotalSeconds;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[opcua] round {round}, {client}: {result.PerSecond:N0} notifications/s, {result.CpuSeconds:0.00} CPU s in {result.Seconds:0.0} s, peak {result.PeakMiB:0} MiB; server CPU {serverShare:P0}"));
                var sent = ServerCount.Last(server.Lines(), result.SubscriptionId);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[opcua]   delivered {result.Total:N0} since subscribing; the server sent {sent?.Sent.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} and overwrote {sent?.Overflows.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} unsent samples"));
                runs.Add((round, result, serverShare, sent));
            }
        }

        return Report(settings, runs, loads);
    }

    private static List<string> Report(BenchSettings settings, List<(int Round, SubscriberResult Result, double ServerCpuShare, ServerCount? Server)> runs, IReadOnlyList<double> loads)
    {
        var i = CultureInfo.InvariantCulture;
        var nominal = settings.OpcUaItems * 1000.0 / settings.OpcUaIntervalMs;
        var lines = new List<string>
        {
            string.Create(i, $"### OPC UA subscriptions: {settings.OpcUaItems:N0} items sampled every {settings.OpcUaIntervalMs} ms on a node-opcua server (issue 4)"),
            "",
            string.Create(i, $"Each client subscribes to every item (one subscription, publishing every {settings.OpcUaIntervalMs} ms, queue size 1, security None) and counts the values it delivers to the application"),
            string.Create(i, $"over {settings.OpcUaSeconds} s after {settings.OpcUaWarmupSeconds} s of warm-up. The items change every {settings.OpcUaIntervalMs} ms, so {nominal:N0} notifications/s is the nominal rate; the server column is the"),
            "server process's CPU during the client's run (100% = one core, which is all a node process uses: near it, the server is the limit and both clients get what it sends).",
            "Then each client freezes the items, waits 3 s and counts every notification it delivered since subscribing; the server's diagnostics of that subscription say how many",
            "it sent in Publish responses, and how many samples it overwrote in the queue (size 1) before it could send them: changes that no client could have received.",
            "",
            "| round | client | notifications/s | of nominal | CPU s | CPU µs per notification | peak RSS (MiB) | lost Publish messages | server CPU | delivered / sent by the server | server overwrote |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var (round, r, serverCpu, sent) in runs)
        {
            lines.Add(string.Create(i,
                $"| {round} | {(r.Task == "hub" ? "hub client" : "node-opcua client")} | {r.PerSecond:N0} | {r.PerSecond / nominal:P0} | {r.CpuSeconds:0.00} | {r.CpuMicrosecondsPerNotification:0.00} | {r.PeakMiB:0} | {(r.Task == "hub" ? r.LostMessages.ToString(i) : "n/a")} | {serverCpu:P0} | {(sent is null ? "?" : $"{r.Total:N0} / {sent.Sent:N0}")} | {(sent is null ? "?" : sent.Overflows.ToString("N0", i))} |"));
        }

        var hub = runs.Where(r => r.Result.Task == "hub").ToList();
        var reference = runs.Where(r => r.Result.Task != "hub").ToList();
        // One ratio method (issue 20 item 3): the median of the per-round ratios.
        RoundRatio Ratio(Func<SubscriberResult, double> value) => RoundRatio.Of(hub, reference, r => r.Round, r => value(r.Result));
        lines.Add("");
        lines.Add(string.Create(i,
            $"Hub client / node-opcua client, medians of the per-round ratios over {settings.OpcUaRounds} rounds: notifications delivered {Ratio(r => r.PerSecond).Describe()}, "
            + $"CPU per notification {Ratio(r => r.CpuMicrosecondsPerNotification).Describe()}, "
            + $"peak memory {Ratio(r => r.PeakMiB).Describe()}; Publish messages the hub client found missing: {hub.Sum(r => r.Result.LostMessages)}; "
            + $"notifications the server sent that the hub client did not deliver: {runs.Where(r => r.Result.Task == "hub" && r.Server is not null).Sum(r => r.Server!.Sent - r.Result.Total)}."));
        lines.Add("Load average (1 min) before each round: " + string.Join(", ", loads.Select(RunLoad.Mark)) + ". " + RunLoad.Summary(loads));
        return lines;
    }

    private static System.Diagnostics.ProcessStartInfo NodeClient(BenchSettings settings, string endpoint, string folder)
    {
        var start = ChildProcess.Program("node", Path.Combine(settings.OpcUaScriptsFolder, "subscribe.js"),
            "--url", endpoint, "--data-dir", Path.Combine(folder, "node-client"), "--items", Text(settings.OpcUaItems),
            "--interval-ms", Text(settings.OpcUaIntervalMs), "--warmup", Text(settings.OpcUaWarmupSeconds), "--seconds", Text(settings.OpcUaSeconds));
        start.Environment["NODE_PATH"] = settings.OpcUaNodeModules;
        return start;
    }

    private static async Task<string> WaitForReadyAsync(BackgroundProcess server, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + ReadyLimit;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (server.Lines().FirstOrDefault(l => l.StartsWith("READY ", StringComparison.Ordinal)) is { } ready)
            {
                return ready["READY ".Length..].Trim();
            }

            if (server.HasExited)
            {
                throw new InvalidOperationException($"The benchmark's OPC UA server exited with code {server.ExitCode} before it was ready.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The benchmark's OPC UA server was not ready within {ReadyLimit}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
