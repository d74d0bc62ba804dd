using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Patroni;
using static IntegrationHub.Hub.Host.Tests.Support.PatroniDatabase;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 18 item 5: the hub on a multi-host connection string (<c>Host=pg1,pg2;Target Session Attributes=primary</c>)
/// rides over a switch-over and a fail-over of a real Patroni cluster (etcd, two PostgreSQL nodes, synchronous mode)
/// under MQTT QoS 1 load through a real mosquitto, without a restart. Synchronous mode is the documented guarantee
/// (deploy/ha/README.md): a commit returns only once the standby has it and only that standby is promoted, so every
/// reading the hub acknowledged is on the new primary, and the count is exact.
/// </summary>
[Collection(PatroniCollection.Name)]
public sealed class PatroniFailoverTests(PatroniCluster cluster)
{
    private const int PerPhase = 1000;
    private const int Phases = 3;
    private const int Total = PerPhase * Phases;
    private const string Asset = "EQ-HA";
    private const string Count = "SELECT count(*) FROM telemetry_readings WHERE asset_id = '" + Asset + "'";

    // Well in the past (the hub refuses readings from the future), one second apart, so each reading has its own key.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7200);

    [Fact]
    public Task SwitchoverUnderQos1Load_HubFollowsTheNewPrimary_EveryReadingStoredOnce() =>
        RideOverAsync("hub_switchover", (primary, standby, ct) => cluster.SwitchoverAsync(primary, standby, ct));

    [Fact]
    public Task PrimaryKilledUnderQos1Load_PatroniPromotesTheStandby_HubResumesByItself_EveryReadingStoredOnce() =>
        RideOverAsync("hub_failover", (primary, _, ct) => cluster.KillPostmasterAsync(primary, ct));

    /// <summary>
    /// Phase 1 stored on the first primary; phase 2 published while <paramref name="fault"/> moves the primary; phase 3
    /// after the new primary runs. Then every reading is on the new primary once, and the hub's adapter counted each
    /// message once, on the same hub instance that started.
    /// </summary>
    private async Task RideOverAsync(string name, Func<PatroniNode, PatroniNode, CancellationToken, Task> fault)
    {
        using var guard = new CancellationTokenSource(HubHealth.HangGuard);
        var (primary, standby, database) = await PatroniDatabase.CreateAsync(cluster, name, guard.Token);

        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await TestHub.StartAsync(PatroniDatabase.HubSettings(cluster, database, broker.Port, "hub-" + name, "plant/{site}/{asset}/telemetry"));
        await HubHealth.WaitForAsync(hub, h => HubHealth.Mqtt(h).GetProperty("state").GetString() == "Running", "the MQTT adapter running", cluster.Logs);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1670);

        await using var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "device-" + name }, (_, _) => ValueTask.CompletedTask);
        await device.ConnectAsync();

        await PublishPhaseAsync(device, 0);
        await HubHealth.WaitForAsync(async () => await CountOnAsync(primary, database, Count) > 0, "the first readings stored on the first primary", hub, cluster.Logs);

        // The fault while the second phase is being published and stored.
        var publishing = PublishPhaseAsync(device, 1);
        await fault(primary, standby, guard.Token);
        var newPrimary = await cluster.WaitForNewPrimaryAsync(primary, guard.Token);
        await publishing;
        Assert.Equal(standby.Name, newPrimary.Name);

        await PublishPhaseAsync(device, 2);
        await HubHealth.WaitForAsync(async () => await CountOnAsync(newPrimary, database, Count) == Total, $"all {Total} readings on the new primary {newPrimary}", hub, cluster.Logs);

        // Every published reading once: the values are exactly 0..Total-1.
        Assert.Equal((Total, Total, SumTo(Total)), await ReadingsOnAsync(newPrimary, database, Asset));

        // The same hub instance rode over it: one start (schema ready once), the store reachable again, the MQTT adapter
        // running with every message counted once, no store failure passed to the MQTT client (4306), and the primary
        // move logged (1671) with the new primary's address.
        var health = await HubHealth.WaitForAsync(hub, h => h.GetProperty("store").GetProperty("reachable").GetBoolean()
            && HubHealth.Mqtt(h).GetProperty("state").GetString() == "Running"
            && HubHealth.Mqtt(h).GetProperty("counts").GetProperty("messagesIn").GetInt64() >= Total,
            "the MQTT adapter to count every message", cluster.Logs);
        var counts = HubHealth.Mqtt(health).GetProperty("counts");
        Assert.True(Total == counts.GetProperty("messagesIn").GetInt64(), health.ToString());
        Assert.Equal(Total, counts.GetProperty("readingsStored").GetInt64());
        Assert.Equal(0, counts.GetProperty("storeRetryStep").GetInt64());
        Assert.Single(hub.Logs.Entries, e => e.EventId == 1525);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 4306);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1671 && e.Message.Contains(newPrimary.Endpoint, StringComparison.Ordinal));
    }

    /// <summary>Publishes readings n of the phase, one QoS 1 message each; every PUBACK awaited.</summary>
    private static async Task PublishPhaseAsync(MqttClient device, int phase)
    {
        for (var n = phase * PerPhase; n < (phase + 1) * PerPhase; n++)
        {
            var ts = T0.AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var result = await device.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-HA/telemetry",
                Encoding.UTF8.GetBytes($$"""{"ts":"{{ts}}","readings":[{"metric":"seq","value":{{n}}}]}"""), MqttQualityOfService.AtLeastOnce));
            Assert.True(result.IsSuccess, $"the broker did not take message {n}");
        }
    }

    private static long SumTo(int count) => (long)count * (count - 1) / 2;
}
