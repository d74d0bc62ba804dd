using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Tests.Telemetry;

public abstract class MqttTelemetryTests(TestStore testStore)
{
    public sealed class OnSqlite() : MqttTelemetryTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MqttTelemetryTests(TestStore.PostgreSql);

    [Fact]
    public async Task Telemetry_FromRealBroker_StoresLatestStateHistoryAndDeadLetters()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:ClientId=hub-telemetry-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings");
        await WaitFor.ConditionAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal), "the MQTT adapter running on /health");

        await using (var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "device-eq-1" }, (_, _) => ValueTask.CompletedTask))
        {
            await device.ConnectAsync();
            for (var minute = 0; minute < 3; minute++)
            {
                var payload = $$"""{"ts":"2025-10-22T08:0{{minute}}:00Z","readings":[{"metric":"temperature","value":{{70 + minute}}.5,"unit":"°C"},{"metric":"spindle_speed","value":{{1200 + minute}},"unit":"rpm"}]}""";
                await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-01/telemetry", Encoding.UTF8.GetBytes(payload)));
            }

            await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-01/telemetry", Encoding.UTF8.GetBytes("{\"ts\":")));
            await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-02/telemetry",
                Encoding.UTF8.GetBytes("""{"ts":"2025-10-22T08:00:00Z","readings":[{"metric":"temperature","value":"hot"}]}""")));
        }

        var store = hub.Services.GetRequiredService<IHubStore>();
        await WaitFor.ConditionAsync(async () => (await store.ListDeadLettersAsync("plant-telemetry", false, 10, CancellationToken.None)).Count == 2, "two dead letters of plant-telemetry");

        Assert.True(2 == (await store.CountEntitiesAsync(CancellationToken.None))[EntityKind.AssetMetric], string.Join("\n", (await store.ListDeadLettersAsync(null, true, 20, CancellationToken.None)).Select(l => l.Reason)) + hub.Logs);
        Assert.Equal(6, await CountHistoryAsync(hub));
        var letters = await store.ListDeadLettersAsync("plant-telemetry", false, 10, CancellationToken.None);
        Assert.Contains(letters, l => l.Reason.Contains("not valid JSON", StringComparison.Ordinal) && l.Payload == "{\"ts\":");
        Assert.Contains(letters, l => l.Reason.Contains("hot", StringComparison.Ordinal) && l.Reference == "plant/suzhou/EQ-C001-02/telemetry");
        // The adapter counts a batch's messages after the batch is stored: poll rather than read once.
        await WaitFor.ConditionAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"messagesIn\":5", StringComparison.Ordinal), "five messages counted on /health");

        // Issue 16 item 15: 6 readings stored; the reading whose mapping failed ("hot") and the unreadable message are
        // dead letters, not stored readings (readingsStored said 7).
        var health = await hub.Client.GetStringAsync("/health");
        Assert.Contains("\"readingsStored\":6", health, StringComparison.Ordinal);
        Assert.Contains("\"deadLetters\":2", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_V311MessageAboveMaximumPacketSize_DeadLetteredWithTopicAndSize_LaterReadingsStored()
    {
        // Issue 16 item 12: the setting reaches the client, and the oversized message no longer blocks the session.
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:ProtocolVersion=4",
            "--Hub:Mqtt:MaximumPacketSize=4096",
            "--Hub:Mqtt:ClientId=hub-oversized-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings");
        await WaitFor.ConditionAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal), "the MQTT adapter running on /health");

        await using (var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "device-eq-big" }, (_, _) => ValueTask.CompletedTask))
        {
            await device.ConnectAsync();
            await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-01/telemetry", new byte[10_000]));
            await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-C001-01/telemetry",
                Encoding.UTF8.GetBytes("""{"ts":"2025-10-22T08:00:00Z","readings":[{"metric":"temperature","value":70.5,"unit":"°C"}]}""")));
        }

        var store = hub.Services.GetRequiredService<IHubStore>();
        await WaitFor.ConditionAsync(async () => await CountHistoryAsync(hub) == 1, "one reading in the history");
        var letter = Assert.Single(await store.ListDeadLettersAsync("plant-telemetry", false, 10, CancellationToken.None));
        Assert.Equal("plant/suzhou/EQ-C001-01/telemetry", letter.Reference);
        Assert.Contains("above the maximum packet size of 4096 bytes", letter.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 4302);
    }

    [Fact]
    public async Task Telemetry_BrokerDownAtStart_ReportsRetryingThenConnects()
    {
        var port = LoopbackPort.GetFree();
        await using var hub = await TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={port}",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry");

        await WaitFor.ConditionAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"status\":\"Degraded\"", StringComparison.Ordinal), "/health degraded");
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1011);
    }

    [Fact]
    public async Task Telemetry_BrokerAsksForClientCertificate_HubConnectsWithItsOwn_AndLogsTheLossWhenTheBrokerStops()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = true, RequireClientCertificate = true });
        var certificates = broker.Certificates!;
        await using var hub = await TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            "--Hub:Mqtt:Host=127.0.0.1",
            $"--Hub:Mqtt:Port={broker.TlsPort}",
            "--Hub:Mqtt:ClientId=hub-mutual-tls-test",
            "--Hub:Mqtt:Tls:Enabled=true",
            $"--Hub:Mqtt:Tls:CaFile={certificates.CaFile}",
            "--Hub:Mqtt:Tls:ServerName=localhost",
            $"--Hub:Mqtt:Tls:ClientCertificateFile={certificates.ClientCertFile}",
            $"--Hub:Mqtt:Tls:ClientKeyFile={certificates.ClientKeyFile}",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry");
        await WaitFor.ConditionAsync(async () => (await hub.Client.GetStringAsync("/health")).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal), "the MQTT adapter running on /health");
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 4301 && e.Message.Contains("hub-mutual-tls-test", StringComparison.Ordinal));

        await broker.StopAsync();
        await WaitFor.ConditionAsync(() => Task.FromResult(hub.Logs.Entries.Any(e => e.EventId == 4303)), "log event 4303");
        var lost = Assert.Single(hub.Logs.Entries, e => e.EventId == 4302);
        Assert.Equal(LogLevel.Warning, lost.Level);
        Assert.Contains($"127.0.0.1:{broker.TlsPort}", lost.Message, StringComparison.Ordinal);
        Assert.Contains("Next try in", hub.Logs.Entries.First(e => e.EventId == 4303).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ClientKeyWithoutCertificateOrMissingFile_RefusedWithTheKeyNamed()
    {
        var ex = await Assert.ThrowsAsync<IntegrationHub.Hub.Host.Hosting.HubConfigurationException>(() => TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            "--Hub:Mqtt:Tls:Enabled=true",
            "--Hub:Mqtt:Tls:ClientKeyFile=/no/such/hub.key",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry"));

        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:Tls:ClientKeyFile names '/no/such/hub.key', which does not exist", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("ClientCertificateFile is not", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SharedGroupOverV311_OrMaximumPacketSizeOutOfRange_RefusedWithTheKeyNamed()
    {
        // Issue 16 items 15 and 12: a 3.1.1 broker may accept $share/... and deliver nothing; the packet size is a setting.
        var ex = await Assert.ThrowsAsync<IntegrationHub.Hub.Host.Hosting.HubConfigurationException>(() => TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            "--Hub:Mqtt:ProtocolVersion=4",
            "--Hub:Mqtt:MaximumPacketSize=64",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:SharedGroup=hubs"));

        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:Subscriptions:0:SharedGroup is set but Hub:Mqtt:ProtocolVersion is 4", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:MaximumPacketSize is 64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SparkplugOutsideItsNamespace_OrUnderTheHubsSharedGroup_RefusedWithTheSubscriptionNamed()
    {
        // Issue 22 item 4: the hub-wide SharedGroup would split an edge node's messages over hubs, and its seq with them.
        var ex = await Assert.ThrowsAsync<IntegrationHub.Hub.Host.Hosting.HubConfigurationException>(() => TestHub.StartAsync(testStore,
            "--Hub:Mqtt:Enabled=true",
            "--Hub:Mqtt:SharedGroup=hubs",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/#",
            "--Hub:Mqtt:Subscriptions:0:Shape=SparkplugB",
            "--Hub:Mqtt:Subscriptions:1:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:1:Topic=spBv1.0/plant1/#",
            "--Hub:Mqtt:Subscriptions:1:Shape=SparkplugB"));

        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:Subscriptions:0: a SparkplugB subscription's topic starts with spBv1.0/", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:Subscriptions:1: a SparkplugB subscription cannot use SharedGroup 'hubs'", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.Contains("ReadingsPath", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SubscriptionWithoutMapping_RefusedWithTheSourceNamed()
    {
        var ex = await Assert.ThrowsAsync<IntegrationHub.Hub.Host.Hosting.HubConfigurationException>(() => TestHub.StartAsync(testStore, 
            "--Hub:Mqtt:Enabled=true",
            "--Hub:Mqtt:Subscriptions:0:Source=no-such-source",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{asset}/x{y}"));

        Assert.Contains(ex.Errors, e => e.Contains("Hub:Mqtt:Subscriptions:0:Topic", StringComparison.Ordinal));
    }

    private static Task<long> CountHistoryAsync(TestHub hub) => hub.CountAsync("SELECT COUNT(*) FROM telemetry_readings");
}
