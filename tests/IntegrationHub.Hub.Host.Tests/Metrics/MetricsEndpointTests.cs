using System.Net;
using System.Net.Http.Headers;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> on a real hub (issue 19 item 2): off unless enabled, refused without the token, and after real
/// work the adapters' figures are those of <c>/health</c>, this hub's only.
/// </summary>
public abstract class MetricsEndpointTests(TestStore testStore)
{
    public sealed class OnSqlite() : MetricsEndpointTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MetricsEndpointTests(TestStore.PostgreSql);

    [Fact]
    public async Task Metrics_NotEnabled_NotFound()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapedMetrics.Token);
        using var response = await hub.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_MissingOrWrongToken_Refused_AndNoTokenLogged()
    {
        await using var hub = await TestHub.StartAsync(testStore, ScrapedMetrics.Enabled);
        const string wrong = "wrong-token-of-the-right-length-0123456789abcdef";
        (string? Scheme, string? Value, string Reason)[] attempts =
        [
            (null, null, "no Authorization header"),
            ("Basic", "bWV0cmljczpzZWNyZXQ=", "not a bearer token"),
            ("Bearer", wrong, "wrong token"),
            // The right token with one more character: compared whole, not as a prefix.
            ("Bearer", ScrapedMetrics.Token + "x", "wrong token"),
        ];

        foreach (var (scheme, value, _) in attempts)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (scheme is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue(scheme, value);
            }

            using var response = await hub.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer realm=\"metrics\"", response.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain("integrationhub_", body, StringComparison.Ordinal);
        }

        var refused = hub.Logs.Entries.Where(e => e.EventId == 1801).Select(e => e.Message).ToList();
        Assert.Equal(attempts.Select(a => $"/metrics refused a request from 127.0.0.1: {a.Reason}"), refused);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.Message.Contains(ScrapedMetrics.Token, StringComparison.Ordinal)
            || e.Message.Contains(wrong, StringComparison.Ordinal) || e.Message.Contains("bWV0cmljczpzZWNyZXQ=", StringComparison.Ordinal));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1800);
    }

    [Fact]
    public async Task Metrics_FileWithBadRows_FilesAdapterStoredAndRejectedAsOnHealth()
    {
        await using var hub = await TestHub.StartAsync(testStore, ScrapedMetrics.Enabled);

        await hub.DropAsync("order_lines.csv", PlantFiles.OrderLinesWithBadRows);
        await hub.WaitForInboxEmptyAsync();
        // The watcher counts a file's rows once it is moved out of the inbox: wait for the count rather than read once.
        await WaitForAsync(async () => (await ScrapedMetrics.ScrapeAsync(hub.Client)).Value("integrationhub_adapters_records_stored", ("adapter", "files")) == 2);

        var metrics = await ScrapedMetrics.ScrapeAsync(hub.Client);
        Assert.Equal(2, metrics.Value("integrationhub_adapters_records_stored", ("adapter", "files")));
        Assert.Equal(3, metrics.Value("integrationhub_adapters_records_rejected", ("adapter", "files")));
        Assert.Equal(0, metrics.Value("integrationhub_adapters_errors", ("adapter", "files"), ("kind", "filesFailed")));
        Assert.Equal(1, metrics.Value("integrationhub_adapters_state", ("adapter", "files"), ("state", "Running")));
        Assert.Equal(0, metrics.Value("integrationhub_adapters_state", ("adapter", "files"), ("state", "Faulted")));
        Assert.Equal(1, metrics.Value("integrationhub_adapters_up", ("adapter", "files")));
        // The rules stage has no records: no series rather than a false 0.
        Assert.Null(metrics.Value("integrationhub_adapters_records_stored", ("adapter", "rules")));

        var system = testStore.IsPostgreSql ? "postgresql" : "sqlite";
        Assert.True(metrics.Value("integrationhub_store_commit_duration_count", ("db_system_name", system)) >= 1, metrics.Text);
        Assert.Equal(1, metrics.Value("integrationhub_store_up", ("db_system_name", system)));
        Assert.True(metrics.Value("integrationhub_store_size", ("db_system_name", system)) > 0, metrics.Text);
        Assert.True(metrics.Value("integrationhub_store_filesystem_available") > 0, metrics.Text);
        Assert.True(metrics.Value("integrationhub_store_filesystem_size") >= metrics.Value("integrationhub_store_filesystem_available"), metrics.Text);
        Assert.Equal(0, metrics.Value("integrationhub_outbox_messages", ("status", "dead")) ?? 0);
        // The runtime's own meter: the process's memory by OpenTelemetry's names.
        Assert.True(metrics.Value("system_runtime_dotnet_process_memory_working_set") > 0, metrics.Text);
        Assert.Contains("# TYPE integrationhub_store_commit_duration histogram", metrics.Text, StringComparison.Ordinal);

        var health = await hub.Client.GetStringAsync("/health");
        Assert.Contains("\"rowsStored\":2", health, StringComparison.Ordinal);
        Assert.Contains("\"rowsRejected\":3", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_PortalRequests_CountedByRouteAndStatus()
    {
        await using var hub = await TestHub.StartAsync(testStore, ScrapedMetrics.Enabled);

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/portal/orders"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-portal-token");
            using var response = await hub.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // ASP.NET Core records a request once its response has ended, which may be after the client has read it.
        await WaitForAsync(async () => (await ScrapedMetrics.ScrapeAsync(hub.Client)).Value(
            "microsoft_aspnetcore_hosting_http_server_request_duration_count", ("http_route", "/api/portal/orders"), ("http_response_status_code", "401")) == 1);
    }

    [Fact]
    public async Task Metrics_Scrapes_NotCountedAsFailedPortalTokens()
    {
        // One failed portal token a minute per address: had the scrapes counted, the portal request below would get 429.
        await using var hub = await TestHub.StartAsync(testStore, [.. ScrapedMetrics.Enabled, "--Hub:Portal:FailedAttemptsPerMinutePerAddress=1"]);
        for (var i = 0; i < 3; i++)
        {
            await ScrapedMetrics.ScrapeAsync(hub.Client);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/portal/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-portal-token");
        using var response = await hub.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_TwoHubsInOneProcess_EachShowsItsOwnWorkOnly()
    {
        await using var busy = await TestHub.StartAsync(testStore, ScrapedMetrics.Enabled);
        await using var idle = await TestHub.StartAsync(testStore, ScrapedMetrics.Enabled);

        await busy.DropAsync("order_lines.csv", PlantFiles.OrderLinesWithBadRows);
        await busy.WaitForInboxEmptyAsync();
        await WaitForAsync(async () => (await ScrapedMetrics.ScrapeAsync(busy.Client)).Value("integrationhub_adapters_records_stored", ("adapter", "files")) == 2);

        var metrics = await ScrapedMetrics.ScrapeAsync(idle.Client);
        Assert.Equal(0, metrics.Value("integrationhub_adapters_records_stored", ("adapter", "files")));
        Assert.Equal(0, metrics.Value("integrationhub_adapters_records_rejected", ("adapter", "files")));
        Assert.Null(metrics.Value("integrationhub_store_commit_duration_count", ("db_system_name", testStore.IsPostgreSql ? "postgresql" : "sqlite")));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // A hang guard only; the poll interval below is that of a condition wait.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(100, guard.Token);
        }
    }
}
