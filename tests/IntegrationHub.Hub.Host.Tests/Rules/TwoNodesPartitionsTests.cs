using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Issue 18 item 2 end to end: two hub nodes on one PostgreSQL, both subscribed to real mosquitto with one MQTT 5 shared
/// group, 50 machines publishing QoS 1 readings that cross and clear a limit three times each. Mosquitto splits the
/// messages, each node stores what it receives, the two nodes share the 16 rules partitions, and the alarms and tickets
/// come out as on one node: three alarms per machine, one open ticket per machine and code with two more occurrences.
/// Then one node dies without handing over: its partitions move to the other once its leases run out; readings sent
/// meanwhile are evaluated there, and those the broker had kept for the dead node's session arrive when it returns.
/// </summary>
public sealed class TwoNodesPartitionsTests
{
    private const string Rule = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: major }
        """;

    private const int Machines = 50;
    private const int Partitions = 16;

    // Recent, so that no SLA target passes during the test; within the hub's allowed clock skew.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120);

    [Fact]
    public async Task SharedGroup_TwoNodes_EachReadingStoredOnce_PartitionsShared_TicketsAsOnOneNode_ThenANodeDies_TheOtherTakesOver()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var broker = await MosquittoBroker.StartAsync();
        var folderA = RulesHub.PrepareFolder(Rule);
        var folderB = RulesHub.PrepareFolder(Rule);
        var database = await TestStore.DatabaseAsync(folderA);
        string[] shared = RulesHub.Settings(smtp,
            "--Hub:Notifications:CustomerLimit=100000",
            $"--Hub:Rules:Partitions={Partitions}",
            "--Hub:Rules:ReorderWindow=00:00:01",
            // Short leases, so that the dead node's partitions move within seconds rather than the default 6.
            "--Hub:Leases:Duration=00:00:02",
            "--Hub:Leases:RenewInterval=00:00:00.500",
            "--Hub:Leases:RetryInterval=00:00:00.200",
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:SharedGroup=hubs",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings");
        string[] nodeB = [.. shared, "--Hub:NodeId=node-b", "--Hub:Mqtt:ClientId=hub-node-b", "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={database}"];

        await using var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, [.. shared, "--Hub:NodeId=node-a", "--Hub:Mqtt:ClientId=hub-node-a"]);
        var b = await TestHub.StartInAsync(folderB, nodeB);
        b.KeepDataFolder = true;
        await RulesHub.SeedMachinesAsync(a, Machines, T0);

        // Both nodes hold a share of the partitions (8 each once the first holder let the excess go), and both are
        // members of the shared group.
        await RulesHub.WaitForAsync(() => Task.FromResult(Held(a) == Partitions / 2 && Held(b) == Partitions / 2), "the partitions shared 8 and 8");
        await RulesHub.WaitForAsync(async () => await MqttRunningAsync(a) && await MqttRunningAsync(b), "both nodes subscribed");
        Assert.Equal(Enumerable.Range(0, Partitions), PartitionsOf(a).Concat(PartitionsOf(b)).Order());
        Assert.Matches("\"name\":\"rules/p\\d+\",\"holder\":\"node-a\",\"token\":\\d+,\"expiresAt\":\"[^\"]+\",\"live\":true,\"heldHere\":true", await HealthAsync(a));
        Assert.Matches("\"name\":\"rules/p\\d+\",\"holder\":\"node-b\",\"token\":\\d+,\"expiresAt\":\"[^\"]+\",\"live\":true,\"heldHere\":true", await HealthAsync(b));

        await using var plant = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "plant-line-1" }, (_, _) => ValueTask.CompletedTask);
        await plant.ConnectAsync();

        // Six readings per machine: above, below, above, below, above, below the limit. Each step waits for the previous
        // one to be stored, so that every machine's readings are stored in the order published whichever node gets them
        // (the reorder window covers a lag of a second between nodes; this test does not depend on the machine's load).
        double[] steps = [95, 80, 95, 80, 95, 80];
        for (var step = 0; step < steps.Length; step++)
        {
            await PublishAsync(plant, T0.AddSeconds(10 * step), steps[step]);
            var expected = Machines * (step + 1);
            await RulesHub.WaitForAsync(async () => await StoredAsync(database) == expected, $"{expected} readings stored");
        }

        await RulesHub.WaitForAsync(
            async () => Count(a, "readingsEvaluated") + Count(b, "readingsEvaluated") == Machines * steps.Length && await QueuedAsync(database) == 0,
            "every reading evaluated");

        // Every reading stored once, by one node or the other: mosquitto split the group's messages.
        Assert.Equal(Machines * steps.Length, await StoredAsync(database));
        Assert.True(MqttStored(a) > 0 && MqttStored(b) > 0, $"node A stored {MqttStored(a)}, node B {MqttStored(b)}");
        Assert.True(Count(a, "readingsEvaluated") > 0 && Count(b, "readingsEvaluated") > 0, "both nodes evaluated a share");

        // As on one node: three alarms per machine, each cleared; one ticket per machine, opened once, two occurrences.
        Assert.Equal(3L * Machines, await Sql.CountAsync(database, "SELECT count(*) FROM alarms"));
        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM alarms WHERE cleared_at IS NULL"));
        Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM (SELECT asset_id FROM alarms GROUP BY asset_id HAVING count(*) <> 3) x"));
        await AssertOneOpenTicketPerMachineAsync(database);
        Assert.Equal((long)Machines, await HistoryAsync(database, "opened"));
        Assert.Equal(2L * Machines, await HistoryAsync(database, "occurrence"));
        Assert.Equal(3L * Machines, await HistoryAsync(database, "alarm-cleared"));

        // Node B dies without handing anything over; its partitions' leases run out and node A takes them all.
        var bGrants = Stage(b).Leases.Snapshot.Where(g => PartitionShare.PartitionOf(g.Name) >= 0).ToDictionary(g => g.Name, g => g.Token, StringComparer.Ordinal);
        await b.CrashAsync();
        await RulesHub.WaitForAsync(() => Task.FromResult(Held(a) == Partitions), "node A holding every partition");
        var aGrants = Stage(a).Leases.Snapshot.ToDictionary(g => g.Name, g => g.Token, StringComparer.Ordinal);
        Assert.All(bGrants, g => Assert.True(aGrants[g.Key] > g.Value, $"{g.Key}: node A's token {aGrants[g.Key]} after node B's {g.Value}"));

        // Every machine goes above the limit once more. Mosquitto keeps the dead node's share of the group's messages in
        // its session (mosquitto 2.0 queues them for an offline member); node A stores and evaluates the rest now.
        await PublishAsync(plant, T0.AddSeconds(60), 99);
        await RulesHub.WaitForAsync(async () => await StoredAsync(database) > Machines * steps.Length && await QueuedAsync(database) == 0, "node A's part evaluated");

        // Node B returns under its client id and node id: it receives what the broker kept for it; nothing was lost.
        await using var b2 = await TestHub.StartInAsync(folderB, nodeB);
        var total = Machines * (steps.Length + 1);
        await RulesHub.WaitForAsync(async () => await StoredAsync(database) == total && await QueuedAsync(database) == 0, $"all {total} readings stored and evaluated");
        await RulesHub.WaitForAsync(async () => await Sql.CountAsync(database, "SELECT count(*) FROM alarms") == 4L * Machines, "the fourth alarm of every machine");
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM alarms WHERE cleared_at IS NULL"));
        await AssertOneOpenTicketPerMachineAsync(database);
        Assert.Equal(3L * Machines, await HistoryAsync(database, "occurrence"));
        await RulesHub.WaitForAsync(() => Task.FromResult(Held(a) + Held(b2) == Partitions && Held(b2) > 0), "the partitions shared again");
    }

    private static async Task AssertOneOpenTicketPerMachineAsync(string database)
    {
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM tickets"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(*) FROM tickets WHERE open_key IS NOT NULL"));
        Assert.Equal((long)Machines, await Sql.CountAsync(database, "SELECT count(DISTINCT (asset_id, alarm_code)) FROM tickets WHERE status IN ('Open', 'Acknowledged')"));
    }

    private static Task<long> HistoryAsync(string database, string action) =>
        Sql.CountAsync(database, $"SELECT count(*) FROM ticket_history WHERE action = '{action}'");

    private static async Task PublishAsync(MqttClient plant, DateTimeOffset at, double value)
    {
        var ts = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        for (var i = 1; i <= Machines; i++)
        {
            var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"ts":"{{ts}}","readings":[{"metric":"temperature","value":{{value}},"unit":"°C"}]}""");
            await plant.PublishAsync(new MqttApplicationMessage($"plant/suzhou/EQ-{i}/telemetry", Encoding.UTF8.GetBytes(payload), MqttQualityOfService.AtLeastOnce));
        }
    }

    private static Task<long> StoredAsync(string database) =>
        Sql.CountAsync(database, "SELECT count(*) FROM telemetry_readings WHERE metric = 'temperature'");

    private static Task<long> QueuedAsync(string database) => Sql.CountAsync(database, "SELECT count(*) FROM rule_inputs");

    private static RulesStageService Stage(TestHub hub) => hub.Services.GetRequiredService<RulesStageService>();

    private static long Held(TestHub hub) => RulesHub.RulesCount(hub, "partitionsHeld");

    private static long Count(TestHub hub, string name) => RulesHub.RulesCount(hub, name);

    private static List<int> PartitionsOf(TestHub hub) =>
        [.. Stage(hub).Leases.Snapshot.Select(g => PartitionShare.PartitionOf(g.Name)).Where(p => p >= 0)];

    private static long MqttStored(TestHub hub) =>
        hub.Services.GetServices<IAdapterStatusSource>().Select(s => s.GetStatus()).Single(s => s.Name == "mqtt").Counts["readingsStored"];

    private static async Task<bool> MqttRunningAsync(TestHub hub) =>
        (await HealthAsync(hub)).Contains("\"name\":\"mqtt\",\"state\":\"Running\"", StringComparison.Ordinal);

    private static async Task<string> HealthAsync(TestHub hub)
    {
        using var response = await hub.Client.GetAsync("/health");
        return await response.Content.ReadAsStringAsync();
    }
}
