using IntegrationHub.Hub.Host.Cli;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

public abstract class HubStartupTests(TestStore testStore)
{
    public sealed class OnSqlite() : HubStartupTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : HubStartupTests(TestStore.PostgreSql);

    [Fact]
    public async Task Start_InvalidMappings_RefusesWithEveryErrorNamed()
    {
        var data = TestHub.NewDataFolder();
        try
        {
            var orders = Path.Combine(data, "mappings", "orders.yaml");
            await File.WriteAllTextAsync(orders, (await File.ReadAllTextAsync(orders))
                .Replace("OrderDate:", "OrderDat:", StringComparison.Ordinal)
                .Replace("B: OnHold", "B: Holding", StringComparison.Ordinal));

            var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(testStore, $"--Hub:DataFolder={data}"));

            Assert.True(ex.Errors.Count >= 2, ex.Message);
            Assert.Contains(ex.Errors, e => e.Contains("orders.yaml:", StringComparison.Ordinal) && e.Contains("OrderDat", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.Contains("Holding", StringComparison.Ordinal) && e.Contains("OnHold", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Start_InvalidSettings_ReportsAllAtOnce()
    {
        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(testStore, 
            "--Hub:Store:Provider=oracle", "--Hub:Files:BatchSize=0", "--Hub:Portal:DefaultPageSize=500"));

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Store:Provider is 'oracle'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Files:BatchSize is 0", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Portal:DefaultPageSize is 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_FreshHub_HealthyWithFileAdapterRunning()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        var body = await hub.Client.GetStringAsync("/health");

        Assert.Contains("\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"files\"", body, StringComparison.Ordinal);
        Assert.Contains("\"reachable\":true", body, StringComparison.Ordinal);
        var memory = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("memory");
        Assert.True(memory.GetProperty("managedHeapMiB").GetDouble() > 0, body);
        // SQLite's page caches are the hub's own memory; PostgreSQL's are the server's, so a hub on it reports none.
        if (testStore.IsPostgreSql)
        {
            Assert.Equal(0, memory.GetProperty("storeCacheMiB").GetDouble());
        }
        else
        {
            Assert.True(memory.GetProperty("storeCacheMiB").GetDouble() > 0, body);
        }

        Assert.True(memory.GetProperty("residentMiB").GetDouble() > memory.GetProperty("managedHeapMiB").GetDouble(), body);
        // Committed memory is as of the GC's last collection (0 before the first), so only its presence is certain here.
        Assert.Equal(System.Text.Json.JsonValueKind.Number, memory.GetProperty("gcCommittedMiB").ValueKind);
        Assert.True(memory.GetProperty("threads").GetInt32() > 1, body);
        Assert.Equal("ok", await hub.Client.GetStringAsync("/health/live"));
    }

    [Fact]
    public async Task CommandLine_UnknownCommand_PrintsUsageAndExits64()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await HubCommandLine.RunAsync(["portal", "frobnicate"], output, error, CancellationToken.None);

        Assert.Equal(HubCommandLine.ExitUsage, code);
        Assert.Contains("Unknown command 'portal frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("hub portal issue-token --customer CODE", error.ToString(), StringComparison.Ordinal);
    }
}
