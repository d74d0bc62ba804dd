using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Prometheus;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>
/// Debian's Prometheus scrapes a real hub with the repository's deploy/prometheus/ configuration and token, and its
/// HTTP API (<c>/api/v1/query</c>) shows the figures of the work done: readings through a real mosquitto (issue 19
/// item 2).
/// </summary>
public sealed class PrometheusScrapeTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private const int Messages = 5;

    private PrometheusServer Server => prometheus.Server;

    public static TheoryData<string> Stores => [TestStore.Sqlite.Name, TestStore.PostgreSql.Name];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Scrape_ReadingsThroughMosquitto_ArriveInPrometheusWithTheirCounts(string storeName)
    {
        var store = storeName == TestStore.PostgreSql.Name ? TestStore.PostgreSql : TestStore.Sqlite;
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await TestHub.StartAsync(store,
        [
            .. ScrapedMetrics.Enabled,
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:ClientId=hub-prometheus-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
        ]);
        await WaitForAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal));
        var instance = Instance(hub);
        await Server.SetTargetsAsync([instance]);

        await using (var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "device-prometheus" }, (_, _) => ValueTask.CompletedTask))
        {
            await device.ConnectAsync();
            for (var minute = 0; minute < Messages; minute++)
            {
                var payload = string.Create(CultureInfo.InvariantCulture,
                    $$"""{"ts":"2025-10-22T08:0{{minute}}:00Z","readings":[{"metric":"temperature","value":{{70 + minute}}.5,"unit":"°C"},{"metric":"spindle_speed","value":{{1200 + minute}},"unit":"rpm"}]}""");
                await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-01/telemetry", Encoding.UTF8.GetBytes(payload)));
            }

            // Not JSON: a dead letter, the one rejected record.
            await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-01/telemetry", Encoding.UTF8.GetBytes("{\"ts\":")));
        }

        var stored = $"integrationhub_adapters_records_stored{{adapter=\"mqtt\",instance=\"{instance}\"}}";
        await WaitForAsync(async () => await ValueAsync(stored) == 2 * Messages && await ValueAsync(Received(instance)) == Messages + 1);

        Assert.Equal(1, await ValueAsync($"integrationhub_adapters_records_rejected{{adapter=\"mqtt\",instance=\"{instance}\"}}"));
        Assert.Equal(1, await ValueAsync($"up{{job=\"integrationhub\",instance=\"{instance}\"}}"));
        Assert.Equal(1, await ValueAsync($"integrationhub_adapters_up{{adapter=\"mqtt\",instance=\"{instance}\"}}"));
        Assert.Equal(0, await ValueAsync($"integrationhub_adapters_messages_waiting{{adapter=\"mqtt\",instance=\"{instance}\"}}"));
        // The store's series carry the database they measure, and its size is the database's own (issue 19 item 2, on
        // both stores: pg_database_size on PostgreSQL, the main file on SQLite).
        Assert.Equal(1, await ValueAsync($"integrationhub_store_up{{instance=\"{instance}\",db_system_name=\"{store.Name}\"}}"));
        Assert.True(await ValueAsync($"integrationhub_store_size{{instance=\"{instance}\",db_system_name=\"{store.Name}\"}}") > 0);
        Assert.True(await ValueAsync($"integrationhub_store_commit_duration_count{{instance=\"{instance}\",db_system_name=\"{store.Name}\"}}") >= 1);
        // The disk alert's own expression evaluates on the hub's series.
        var free = await ValueAsync($"integrationhub_store_filesystem_available{{instance=\"{instance}\"}} / integrationhub_store_filesystem_size{{instance=\"{instance}\"}}");
        Assert.InRange(free!.Value, 0, 1);

        // The alert rules of deploy/prometheus/alerts.yml are loaded by the server itself.
        Assert.Equal(
            ["HubAdapterDown", "HubDeadLettersGrowing", "HubDiskAlmostFull", "HubDiskFilling", "HubDown", "HubMessagesLost", "HubOutboxDeadMessages", "HubSlaBreached", "HubStoreDown"],
            (await Server.AlertRuleNamesAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scrape_HubWithAnotherToken_TargetDownWith401()
    {
        await using var hub = await TestHub.StartAsync("--Hub:Metrics:Enabled=true", "--Hub:Metrics:Token=" + new string('z', 40));
        var instance = Instance(hub);
        await Server.SetTargetsAsync([instance]);

        // Down for the 401, not for a scrape that timed out on a busy machine: both seen together.
        await WaitForAsync(async () => await ValueAsync($"up{{job=\"integrationhub\",instance=\"{instance}\"}}") == 0
            && (await Server.TargetsAsync()).Contains("401 Unauthorized", StringComparison.Ordinal));

        Assert.Null(await ValueAsync($"integrationhub_adapters_up{{instance=\"{instance}\"}}"));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1801 && e.Message.EndsWith("wrong token", StringComparison.Ordinal));
    }

    private static string Received(string instance) => $"integrationhub_adapters_records_received{{adapter=\"mqtt\",instance=\"{instance}\"}}";

    private static string Instance(TestHub hub) => hub.Client.BaseAddress!.Authority;

    /// <summary>The value of a query that gives at most one series, or null when it gives none.</summary>
    private async Task<double?> ValueAsync(string promql)
    {
        var samples = await Server.QueryAsync(promql);
        Assert.True(samples.Count <= 1, $"'{promql}' gave {samples.Count} series.");
        return samples.Count == 0 ? null : samples[0].Value;
    }

    private async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // A hang guard only (Prometheus scrapes every two seconds); the poll interval below is that of a condition wait.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"The condition did not hold within 90 seconds. Targets: {await Server.TargetsAsync()}\nPrometheus: {Server.Output}");
            }

            await Task.Delay(250, CancellationToken.None);
        }
    }
}
