using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Tests.Leases;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Modules.Mqtt.Adoption;

/// <summary>
/// Issue 18, "a dead node's share of the telemetry": two hub nodes on one PostgreSQL in one MQTT 5 shared group on real
/// mosquitto, with persistent sessions. One node dies without handing over; mosquitto keeps handing its session a share
/// of the group's messages. The survivor adopts that session (connects it under the dead node's client id once its
/// lease ran out), so every reading published while the node is down is stored without it. When the node returns the
/// survivor hands the session back; the owner connects it and receives its share again. Never two clients with one id.
/// </summary>
public sealed class TwoNodesAdoptionTests(ITestOutputHelper output)
{
    private const int Machines = 20;
    private const int PerRound = 5;

    // Recent, within the hub's allowed clock skew.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);

    [Fact]
    public async Task NodeDies_SurvivorAdoptsItsSession_EveryReadingStoredWithoutIt_ThenHandsItBack_NoSessionTakeover()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var folderA = TestHub.NewDataFolder();
        var folderB = TestHub.NewDataFolder();
        var database = await TestStore.DatabaseAsync(folderA);
        string[] shared =
        [
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:SharedGroup=hubs",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
        ];
        string[] nodeB = [.. shared, .. TwoNodes.Leases("node-b"), "--Hub:Mqtt:ClientId=hub-node-b",
            "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={database}"];

        await using var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, [.. shared, .. TwoNodes.Leases("node-a"), "--Hub:Mqtt:ClientId=hub-node-a"]);
        var b = await TestHub.StartInAsync(folderB, nodeB);
        b.KeepDataFolder = true;
        await TwoNodes.WaitUntilAsync(async () => await MqttRunningAsync(a, "mqtt") && await MqttRunningAsync(b, "mqtt"), "both nodes subscribed");

        await using var plant = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "plant-line-1" }, (_, _) => ValueTask.CompletedTask);
        await plant.ConnectAsync();

        // Round 1, both nodes up: mosquitto splits the messages between them.
        var published = await PublishAsync(plant, 0);
        await TwoNodes.WaitUntilAsync(async () => await StoredAsync(database) == published, $"{published} readings stored");
        Assert.True(MqttStored(a, "mqtt") > 0 && MqttStored(b, "mqtt") > 0, $"node A stored {MqttStored(a, "mqtt")}, node B {MqttStored(b, "mqtt")}");

        // Node B dies without handing over (its session lease is left to run out), and the plant goes on publishing.
        var crashed = Stopwatch.StartNew();
        await b.CrashAsync();
        published += await PublishAsync(plant, 1);
        published += await PublishAsync(plant, 2);

        // Every reading is stored while node B stays down: node A adopted its session and took its share.
        await TwoNodes.WaitUntilAsync(async () => await StoredAsync(database) == published, $"all {published} readings stored with node B down");
        await a.WaitForLogAsync(1740, "MQTT session hub-node-b adopted by node node-a");
        output.WriteLine($"adopted and every reading stored {crashed.Elapsed.TotalSeconds:0.0} s after the crash (leases 2 s / 0.5 s / 0.2 s)");
        Assert.True(MqttStored(a, "mqtt (adopted hub-node-b)") > 0, "the adopted session stored readings");
        var health = await TwoNodes.HealthAsync(a);
        Assert.Contains("\"name\":\"mqtt (adopted hub-node-b)\",\"state\":\"Running\"", health, StringComparison.Ordinal);
        Assert.Matches("\"name\":\"mqtt/hub-node-b\",\"holder\":\"node-a\",\"token\":\\d+,\"expiresAt\":\"[^\"]+\",\"live\":true,\"heldHere\":true", health);

        // Node B returns under its client id: node A hands the session back, node B connects it.
        await using var b2 = await TestHub.StartInAsync(folderB, nodeB);
        await a.WaitForLogAsync(1741, "MQTT session hub-node-b handed back by node node-a");
        await TwoNodes.WaitUntilAsync(() => MqttRunningAsync(b2, "mqtt"), "node B's own session running again");
        Assert.Contains(b2.Logs.Entries, e => e.EventId == 1743 && e.Message.Contains("asks for its MQTT session hub-node-b back", StringComparison.Ordinal));
        Assert.DoesNotContain("mqtt (adopted", await TwoNodes.HealthAsync(a), StringComparison.Ordinal);

        // Readings published now are split between the two nodes again, node B's share through its own session.
        var before = MqttStored(b2, "mqtt");
        published += await PublishAsync(plant, 3);
        published += await PublishAsync(plant, 4);
        await TwoNodes.WaitUntilAsync(async () => await StoredAsync(database) == published, $"all {published} readings stored");
        Assert.True(MqttStored(b2, "mqtt") > before, "node B stored its share after the hand-back");
        Assert.Equal(published, await StoredAsync(database));

        // One client per id at any time: no session takeover, neither reported by a client (4322) nor done by mosquitto
        // ("already connected, closing old connection").
        Assert.DoesNotContain(a.Logs.Entries.Concat(b.Logs.Entries).Concat(b2.Logs.Entries), e => e.EventId == 4322);
        Assert.DoesNotContain("already connected, closing old connection", broker.ReadLog(), StringComparison.Ordinal);
    }

    // One QoS 1 message per machine and step, each reading its own (asset, metric, ts): the count in the store is exact.
    private static async Task<long> PublishAsync(MqttClient plant, int round)
    {
        for (var step = 0; step < PerRound; step++)
        {
            var ts = T0.AddSeconds((round * PerRound) + step).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            for (var i = 1; i <= Machines; i++)
            {
                var payload = $$"""{"ts":"{{ts}}","readings":[{"metric":"temperature","value":{{70 + step}},"unit":"°C"}]}""";
                await plant.PublishAsync(new MqttApplicationMessage($"plant/suzhou/EQ-{i}/telemetry", Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtLeastOnce));
            }
        }

        return Machines * PerRound;
    }

    private static Task<long> StoredAsync(string database) =>
        TwoNodes.CountAsync(database, "SELECT count(*) FROM telemetry_readings WHERE metric = 'temperature'");

    private static long MqttStored(TestHub hub, string name) =>
        Status(hub, name) is { } status ? status.Counts["readingsStored"] : 0;

    private static AdapterStatus? Status(TestHub hub, string name) =>
        hub.Services.GetServices<IAdapterStatusSource>().Select(s => s.GetStatus())
            .Concat(hub.Services.GetServices<Host.Modules.Mqtt.Adoption.MqttSessionAdoption>().SelectMany(a => a.Statuses))
            .FirstOrDefault(s => s.Name == name);

    private static async Task<bool> MqttRunningAsync(TestHub hub, string name) =>
        (await TwoNodes.HealthAsync(hub)).Contains($"\"name\":\"{name}\",\"state\":\"Running\"", StringComparison.Ordinal);
}
