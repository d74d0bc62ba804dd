using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Telemetry;

/// <summary>Issue 16 item 19: the topic's customer must own the machine, and a reading must not come from the future.</summary>
public abstract class MqttReadingAdmissionTests(TestStore testStore)
{
    public sealed class OnSqlite() : MqttReadingAdmissionTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MqttReadingAdmissionTests(TestStore.PostgreSql);

    private static readonly DateTimeOffset Imported = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Telemetry_TopicCustomerIsNotTheMachineOwner_DeadLetteredAndNotOnTheOwnersEquipmentPage()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await StartHubAsync(broker, "hub-owner-test");
        var store = hub.Services.GetRequiredService<IHubStore>();
        await SeedPlantAsync(store);
        var token = await hub.IssueTokenAsync("C001");

        await PublishAsync(broker, "device-owner-test",
            // C002's device writes onto C001's machine, later than C001's own reading: on the old code it became
            // the latest temperature on C001's equipment page.
            ("plant/C002/EQ-C001-01/telemetry", Reading("2025-10-22T08:05:00Z", "999.0")),
            ("plant/C001/EQ-C001-01/telemetry", Reading("2025-10-22T08:00:00Z", "70.5")),
            ("plant/C002/EQ-C002-01/telemetry", Reading("2025-10-22T08:00:00Z", "65.0")),
            // A machine the installed-equipment list does not hold yet: stored as before (no owner to compare with).
            ("plant/C009/EQ-C009-01/telemetry", Reading("2025-10-22T08:00:00Z", "60.0")));

        // The adapter counts a batch's messages once the batch is stored: then every message has had its effect.
        await WaitForMessagesInAsync(hub, 4);
        Assert.Equal(3, await CountHistoryAsync(hub));

        var letter = Assert.Single(await store.ListDeadLettersAsync("plant-telemetry", false, 10, CancellationToken.None));
        Assert.Equal("plant/C002/EQ-C001-01/telemetry", letter.Reference);
        Assert.Contains("names customer 'C002', but machine 'EQ-C001-01' belongs to customer 'C001'", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("999.0", letter.Payload, StringComparison.Ordinal);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1012 && e.Message.Contains("EQ-C001-01", StringComparison.Ordinal));

        using var response = await hub.Client.SendAsync(hub.Get("/api/portal/equipment", token));
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var machine = Assert.Single(page.RootElement.EnumerateArray());
        Assert.Equal("EQ-C001-01", machine.GetProperty("assetId").GetString());
        var metric = Assert.Single(machine.GetProperty("metrics").EnumerateArray());
        Assert.Equal(70.5m, metric.GetProperty("value").GetDecimal());

        Assert.Equal(65.0m, Assert.Single(await store.LatestMetricsAsync("EQ-C002-01", CancellationToken.None)).Value);
        Assert.Equal(60.0m, Assert.Single(await store.LatestMetricsAsync("EQ-C009-01", CancellationToken.None)).Value);
        Assert.Contains("\"deadLetters\":1", await hub.Client.GetStringAsync("/health"), StringComparison.Ordinal);

        // Replaying every open letter (as after a mapping fix) checks the owner again: the letter stays open.
        var replay = await hub.Services.GetRequiredService<DeadLetterReplay>().ReplayAsync("plant-telemetry", CancellationToken.None);
        Assert.Equal(0, replay.Replayed);
        Assert.Contains("belongs to customer 'C001'", Assert.Single(replay.StillFailing).Reason, StringComparison.Ordinal);
        Assert.Equal(70.5m, Assert.Single(await store.LatestMetricsAsync("EQ-C001-01", CancellationToken.None)).Value);
    }

    [Fact]
    public async Task Telemetry_ReadingStampedBeyondMaxClockSkew_DeadLetteredAndNotTheLatestState()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await StartHubAsync(broker, "hub-future-test");
        var store = hub.Services.GetRequiredService<IHubStore>();
        await SeedPlantAsync(store);

        // Relative to the hub's clock with margins of minutes and a day either side of the 5-minute default, so
        // that no delay of a busy machine changes the outcome.
        var now = TimeProvider.System.GetUtcNow();
        await PublishAsync(broker, "device-future-test",
            ("plant/C001/EQ-C001-01/telemetry", Reading(Iso(now.AddMinutes(-1)), "70.5")),
            ("plant/C001/EQ-C001-01/telemetry", Reading(Iso(now.AddDays(1)), "999.0")),
            ("plant/C001/EQ-C001-01/telemetry", Reading(Iso(now.AddMinutes(1)), "71.0")));

        await WaitForMessagesInAsync(hub, 3);
        Assert.Equal(2, await CountHistoryAsync(hub));

        var letter = Assert.Single(await store.ListDeadLettersAsync("plant-telemetry", false, 10, CancellationToken.None));
        Assert.Equal("plant/C001/EQ-C001-01/telemetry", letter.Reference);
        Assert.Contains("ahead of the hub's clock", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("Hub:Mqtt:MaxClockSkew (00:05:00)", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("999.0", letter.Payload, StringComparison.Ordinal);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1013);

        // A reading within the tolerance is the latest state; the one from tomorrow is neither latest nor history.
        Assert.Equal(71.0m, Assert.Single(await store.LatestMetricsAsync("EQ-C001-01", CancellationToken.None)).Value);
        var history = await store.RecentReadingsAsync("EQ-C001-01", now.AddHours(-1), 10, CancellationToken.None);
        Assert.DoesNotContain(history, r => r.Value == 999.0);
    }

    [Fact]
    public async Task Start_NegativeMaxClockSkew_RefusedWithTheSettingNamed()
    {
        var ex = await Assert.ThrowsAsync<IntegrationHub.Hub.Host.Hosting.HubConfigurationException>(() => TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            "--Hub:Mqtt:MaxClockSkew=-00:01:00",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{customer}/{asset}/telemetry"));

        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:MaxClockSkew is -00:01:00", StringComparison.Ordinal));
    }

    /// <summary>A hub subscribed as the demo is, once its subscription is in place (so nothing published is missed).</summary>
    private async Task<TestHub> StartHubAsync(MosquittoBroker broker, string clientId)
    {
        var hub = await TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            $"--Hub:Mqtt:ClientId={clientId}",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{customer}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings");
        await WaitForAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal));
        return hub;
    }

    /// <summary>Customers C001 and C002 with one machine each, as the ERP's exports would give them.</summary>
    private static async Task SeedPlantAsync(IHubStore store)
    {
        var stamp = new SourceStamp("erp-test", Imported, "seed");
        await store.ApplyAsync(
            [
                new CanonicalChange(new Customer { Code = "C001", Name = "Suzhou Packaging" }, stamp),
                new CanonicalChange(new Customer { Code = "C002", Name = "Ningbo Foods" }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-C001-01", CustomerCode = "C001" }, stamp),
                new CanonicalChange(new InstalledEquipment { AssetId = "EQ-C002-01", CustomerCode = "C002" }, stamp),
            ],
            [],
            CancellationToken.None);
    }

    private static async Task PublishAsync(MosquittoBroker broker, string clientId, params (string Topic, string Payload)[] messages)
    {
        await using var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = clientId }, (_, _) => ValueTask.CompletedTask);
        await device.ConnectAsync();
        foreach (var (topic, payload) in messages)
        {
            await device.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(payload)) { QoS = MqttQualityOfService.AtLeastOnce });
        }
    }

    private static string Reading(string ts, string temperature) =>
        $$"""{"ts":"{{ts}}","readings":[{"metric":"temperature","value":{{temperature}},"unit":"°C"}]}""";

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static Task<long> CountHistoryAsync(TestHub hub) => hub.CountAsync("SELECT COUNT(*) FROM telemetry_readings");

    private static Task WaitForMessagesInAsync(TestHub hub, int messages) =>
        WaitForAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains($"\"messagesIn\":{messages}", StringComparison.Ordinal));

    /// <summary>Polls a condition; the 90-second limit only guards against a hang.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!await condition())
        {
            await Task.Delay(100, guard.Token);
        }
    }
}
