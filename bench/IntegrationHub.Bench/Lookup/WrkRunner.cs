using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// Drives wrk with a Lua script of the benchmark's: the same headers for every target, and a <c>done</c> hook that
/// prints the figures as one JSON line, so nothing depends on wrk's human-readable units.
/// </summary>
internal sealed class WrkRunner(string workFolder, int threads, int connections, TimeSpan duration, string token, string orderListPath)
{
    private const string Common = """
        wrk.headers["Authorization"] = "Bearer " .. BENCH_TOKEN
        wrk.headers["Accept"] = "application/json"

        local counter = 0
        function setup(thread)
          counter = counter + 1
          thread:set("thread_no", counter)
        end

        function done(summary, latency, requests)
          io.write(string.format(
            '{0}{{"target":"%s","requests":%d,"durationUs":%d,"meanUs":%.1f,"p50Us":%.1f,"p90Us":%.1f,"p99Us":%.1f,"maxUs":%.1f,' ..
            '"nonSuccess":%d,"socketErrors":%d,"timeouts":%d}}\n',
            BENCH_TARGET, summary.requests, summary.duration, latency.mean, latency:percentile(50), latency:percentile(90),
            latency:percentile(99), latency.max, summary.errors.status,
            summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
        end
        """;

    private const string Trivial = """
        BENCH_TARGET = "trivial"
        function request()
          return wrk.format("GET", "/health/live")
        end
        """;

    // 1 request in 20 asks for a number that exists for nobody: the answer is the same 404 as for another customer's order.
    private const string Lookup = """
        BENCH_TARGET = "lookup"
        local orders = {}

        function init(args)
          for line in io.lines(BENCH_ORDERS) do
            if #line > 0 then orders[#orders + 1] = line end
          end
          math.randomseed(7919 * thread_no + os.time())
        end

        function request()
          if math.random() < BENCH_UNKNOWN_SHARE then
            return wrk.format("GET", string.format("/api/portal/orders/SO-1999-%04d-%03d", math.random(0, 9999), math.random(0, 999)))
          end
          return wrk.format("GET", "/api/portal/orders/" .. orders[math.random(#orders)])
        end
        """;

    public const double UnknownShare = 0.05;

    public string Describe(string url) => string.Create(CultureInfo.InvariantCulture,
        $"wrk -t{threads} -c{connections} -d{duration.TotalSeconds:0}s --latency -s <script> {url}");

    public Task<WrkResult> TrivialAsync(string baseUrl, TimeSpan? length, CancellationToken cancellationToken) =>
        RunAsync("trivial", Trivial, baseUrl, length ?? duration, cancellationToken);

    public Task<WrkResult> LookupAsync(string baseUrl, TimeSpan? length, CancellationToken cancellationToken) =>
        RunAsync("lookup", Lookup, baseUrl, length ?? duration, cancellationToken);

    private async Task<WrkResult> RunAsync(string name, string body, string baseUrl, TimeSpan length, CancellationToken cancellationToken)
    {
        var script = Path.Combine(workFolder, $"wrk-{name}.lua");
        var header = string.Create(CultureInfo.InvariantCulture, $"""
            -- Written by bench/IntegrationHub.Bench (Lookup/WrkRunner.cs); the token is a throw-away one of a seeded store.
            BENCH_TOKEN = "{token}"
            BENCH_ORDERS = "{orderListPath}"
            BENCH_UNKNOWN_SHARE = {UnknownShare}

            """);
        await File.WriteAllTextAsync(script, header + body + "\n" + Common.Replace("{0}", WrkResult.Prefix, StringComparison.Ordinal)
            .Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);

        var start = ChildProcess.Program("wrk",
            string.Create(CultureInfo.InvariantCulture, $"-t{threads}"), string.Create(CultureInfo.InvariantCulture, $"-c{connections}"),
            string.Create(CultureInfo.InvariantCulture, $"-d{Math.Max(1, (int)length.TotalSeconds)}s"),
            "--timeout", "5s", "--latency", "-s", script, baseUrl);
        var output = await ChildProcess.RunAsync(start, length + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        return output.Split('\n').Select(l => WrkResult.TryParse(l.TrimEnd('\r'))).LastOrDefault(r => r is not null)
            ?? throw new InvalidOperationException($"wrk printed no result. Its output:\n{output}");
    }
}
