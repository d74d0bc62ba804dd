using System.Text.Json;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary><c>/health</c> of a real hub shows the database's size and the oldest raw reading (issue 17 item 6).</summary>
public abstract class RetentionHealthTests(TestStore testStore)
{
    public sealed class OnSqlite() : RetentionHealthTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : RetentionHealthTests(TestStore.PostgreSql);

    [Fact]
    public async Task Health_WithReadings_ShowsSizeOldestReadingAndRetention()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var empty = JsonDocument.Parse(await hub.Client.GetStringAsync("/health")).RootElement.GetProperty("store");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("oldestReading").ValueKind);

        // Within the default 7 days, so that the service's pass at start (or any later) keeps them.
        var now = DateTimeOffset.UtcNow;
        var oldest = now.AddDays(-2).AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)); // whole seconds: the store keeps microseconds
        await hub.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [.. Enumerable.Range(0, 3).Select(i => new CanonicalChange(
                new AssetMetric { AssetId = "EQ-9", Metric = "temperature", Value = i, Timestamp = oldest.AddHours(i) }, new SourceStamp("plant-telemetry", oldest.AddHours(i))))],
            [], CancellationToken.None);

        var body = await hub.Client.GetStringAsync("/health");

        var root = JsonDocument.Parse(body).RootElement;
        var store = root.GetProperty("store");
        Assert.Equal(oldest, store.GetProperty("oldestReading").GetDateTimeOffset());
        var size = store.GetProperty("sizeBytes").GetInt64();
        if (hub.Store.IsPostgreSql)
        {
            // The hub's own database, measured beside it (within a factor of two: autovacuum may move a few pages).
            var measured = await hub.CountAsync("SELECT pg_database_size(current_database())");
            Assert.InRange(size, measured / 2, measured * 2);
        }
        else
        {
            Assert.True(size >= new FileInfo(Path.Combine(hub.DataFolder, "hub.db")).Length, body);
        }

        Assert.True(store.GetProperty("freeBytes").GetInt64() <= size, body);
        Assert.Contains(root.GetProperty("adapters").EnumerateArray(), a => a.GetProperty("name").GetString() == "retention");
    }
}
