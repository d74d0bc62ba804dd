using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// Samples the hub of a rules run once a second while the alarms go out (issue 20's "why the tail"): what it stored
/// and evaluated, its CPU, and from its own /metrics the GC pauses, JIT time, lock contentions and slow commits, so
/// that a slow alarm can be set beside what the hub was doing in the same second. Nothing is timed inside the hub:
/// these are the counters it keeps anyway, read over HTTP (a scrape costs the hub a few milliseconds a second).
/// </summary>
internal static class HubTimeline
{
    /// <summary>The bearer token the rules benchmark gives its hub's /metrics (Hub:Metrics:Token, 32 characters at least).</summary>
    public const string MetricsToken = "bench-rules-metrics-token-0123456789abcdef";

    public static string[] HubSettings => ["--Hub:Metrics:Enabled=true", "--Hub:Metrics:Token=" + MetricsToken];

    public static async Task<List<HubTimelinePoint>> SampleUntilCancelledAsync(HubServer hub, HttpClient http, CancellationToken stop)
    {
        var points = new List<HubTimelinePoint>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                try
                {
                    points.Add(await SampleAsync(hub, http, stop).ConfigureAwait(false));
                }
                catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !stop.IsCancellationRequested)
                {
                    // A hub too busy to answer within the client's timeout (a loaded machine): this second is left out,
                    // the next sample's figures cover it (each row is the difference of two samples, over their time).
                    Console.Error.WriteLine("[rules] a sample of the hub's figures failed and is left out: " + ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return points;
    }

    public static async Task<HubTimelinePoint> SampleAsync(HubServer hub, HttpClient http, CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        var cpu = ProcessCpu.SecondsOf(hub.ProcessId);
        long stored, evaluated;
        using (var health = await HealthJson.ReadAsync(http, cancellationToken).ConfigureAwait(false))
        {
            stored = HealthJson.AdapterCount(health.RootElement, "mqtt", "readingsStored");
            evaluated = HealthJson.AdapterCount(health.RootElement, "rules", "readingsEvaluated");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MetricsToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var metrics = response.IsSuccessStatusCode
            ? PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))
            : PrometheusText.Empty;
        const string commit = "integrationhub_store_commit_duration";
        var commits = metrics.Sum(commit + "_count");
        return new HubTimelinePoint(
            at, stored, evaluated, cpu,
            metrics.Sum("system_runtime_dotnet_gc_pause_time"),
            metrics.Sum("system_runtime_dotnet_gc_collections", "gen2"),
            metrics.Sum("system_runtime_dotnet_jit_compilation_time"),
            metrics.Sum("system_runtime_dotnet_jit_compiled_methods"),
            metrics.Sum("system_runtime_dotnet_monitor_lock_contentions"),
            commits,
            commits - metrics.Sum(commit + "_bucket", "le=\"0.1\""),
            metrics.Sum(commit + "_sum"));
    }
}
