using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Patroni;
using IntegrationHub.Tests.Common.Smtp;
using Npgsql;
using static IntegrationHub.Hub.Host.Tests.Support.PatroniDatabase;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 18's second fault test: "PostgreSQL primary killed under the same load [two nodes, QoS 1 readings, alarm
/// storm]: the hub's ingest pauses and resumes by itself; the same counts hold." Two in-process hub nodes share one
/// database on a real Patroni cluster and one MQTT 5 shared group on a real mosquitto; 200 machines cross a limit
/// while background machines stay below it; the primary's postgres is killed with SIGKILL while the second phase is
/// published. Afterwards, on the new primary: every reading the broker acknowledged is stored once, exactly one
/// ticket per machine and alarm code, and every notification was accepted by a real SMTP server once.
/// </summary>
[Collection(PatroniCollection.Name)]
public sealed class PatroniAlarmStormTests(PatroniCluster cluster)
{
    private const int StormMachines = 200;
    private const int BackgroundMachines = 20;
    private const int BackgroundPerPhase = 600;
    private const int Phases = 3;
    private const string Rule = """
        rules:
          - { id: storm, kind: threshold, asset: "*", metric: temperature, limit: 90, deadband: 5, code: OVERHEAT, severity: major,
              text: { en: overheating, zh-CN: 温度过高 } }
        """;

    private static readonly TimeSpan RejoinGuard = TimeSpan.FromMinutes(8);

    // Minutes in the past (the hub refuses readings from the future); each phase a minute of its own, so every
    // reading of a machine has its own timestamp and the phases are in order per machine.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);

    [Fact]
    public async Task PrimaryKilledUnderAlarmStorm_TwoNodes_IngestResumes_EveryReadingOnce_OneTicketPerMachine_EveryMailOnce()
    {
        // The cluster may still be bringing the node another test killed back as a standby (pg_rewind, or a new
        // clone on a busy machine: more than 3 minutes seen): a hang guard of its own for that.
        using (var rejoin = new CancellationTokenSource(RejoinGuard))
        {
            await cluster.WaitUntilHealthyAsync(rejoin.Token);
        }

        using var guard = new CancellationTokenSource(HubHealth.HangGuard);
        var (primary, standby, database) = await PatroniDatabase.CreateAsync(cluster, "hub_storm", guard.Token);

        await using var broker = await MosquittoBroker.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync(tls: false, auth: false);
        await using var nodeA = await StartNodeAsync("node-a", database, broker.Port, smtp.Port);
        await using var nodeB = await StartNodeAsync("node-b", database, broker.Port, smtp.Port);
        foreach (var node in new[] { nodeA, nodeB })
        {
            await HubHealth.WaitForAsync(node, h => HubHealth.Mqtt(h).GetProperty("state").GetString() == "Running", "the MQTT adapter running", cluster.Logs);
        }

        await using var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "storm-devices" }, (_, _) => ValueTask.CompletedTask);
        await device.ConnectAsync();

        var published = new List<Published>();
        published.AddRange(await PublishPhaseAsync(device, 0));
        await HubHealth.WaitForAsync(async () => await CountOnAsync(primary, database, "SELECT count(*) FROM tickets") > 0,
            "the first tickets on the first primary", nodeA, cluster.Logs);

        // The kill while the second phase (the storm's second third, and more readings of the first) is published.
        var publishing = PublishPhaseAsync(device, 1);
        await cluster.KillPostmasterAsync(primary, guard.Token);
        var newPrimary = await cluster.WaitForNewPrimaryAsync(primary, guard.Token);
        published.AddRange(await publishing);
        Assert.Equal(standby.Name, newPrimary.Name);
        published.AddRange(await PublishPhaseAsync(device, 2));

        // Every reading the broker acknowledged is on the new primary, once: as many rows as published, each
        // (machine, timestamp) once, and the values add up.
        var total = published.Count;
        await HubHealth.WaitForAsync(async () => await CountOnAsync(newPrimary, database, "SELECT count(*) FROM telemetry_readings") >= total,
            $"all {total} readings on the new primary", nodeA, cluster.Logs);
        Assert.Equal(
            ((long)total, (long)total, published.Sum(p => (long)p.Value)),
            await ReadingsOnAsync(newPrimary, database));

        // Exactly one ticket per machine and code: the 200 storm machines, none of the background machines.
        await HubHealth.WaitForAsync(async () => await CountOnAsync(newPrimary, database, "SELECT count(*) FROM tickets") >= StormMachines,
            $"{StormMachines} tickets", nodeA, cluster.Logs);
        var tickets = await TicketsOnAsync(newPrimary, database);
        Assert.Equal(StormMachines, tickets.Count);
        Assert.All(tickets, t => Assert.Equal(1, t.Count));
        Assert.Equal(Enumerable.Range(0, StormMachines).Select(StormAsset).Order(StringComparer.Ordinal), tickets.Select(t => t.Asset).Order(StringComparer.Ordinal));
        Assert.All(tickets, t => Assert.Equal("OVERHEAT", t.Code));

        // Every notification sent once: wait until the outbox has recorded every desk mail sent (a send whose outcome
        // was not recorded would be sent again after its claim lapsed, and counted below), then count the SMTP server's.
        await HubHealth.WaitForAsync(async () => await CountOnAsync(newPrimary, database, "SELECT count(*) FROM outbox WHERE status = 'Sent'") >= StormMachines,
            $"{StormMachines} notifications recorded sent", nodeA, cluster.Logs);
        Assert.Equal(StormMachines, await CountOnAsync(newPrimary, database, "SELECT count(*) FROM outbox"));
        var mails = smtp.Messages();
        Assert.Equal(StormMachines, mails.Count);
        Assert.Equal(
            Enumerable.Range(0, StormMachines).Select(StormAsset).Order(StringComparer.Ordinal),
            mails.Select(m => Enumerable.Range(0, StormMachines).Select(StormAsset).Single(a => m.Subject.Contains(" " + a + " ", StringComparison.Ordinal))).Order(StringComparer.Ordinal));

        // The same two hub instances rode over it by themselves: the store answers on both again, and the move of the
        // primary was logged (1671) by at least one of them with the new primary's address.
        foreach (var node in new[] { nodeA, nodeB })
        {
            await HubHealth.WaitForAsync(node, h => h.GetProperty("store").GetProperty("reachable").GetBoolean()
                && HubHealth.Mqtt(h).GetProperty("state").GetString() == "Running", "the store reachable and MQTT running", cluster.Logs);
        }

        Assert.Contains(nodeA.Logs.Entries.Concat(nodeB.Logs.Entries), e => e.EventId == 1671 && e.Message.Contains(newPrimary.Endpoint, StringComparison.Ordinal));
    }

    private Task<TestHub> StartNodeAsync(string nodeId, string database, int mqttPort, int smtpPort)
    {
        var folder = TestHub.NewDataFolder();
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        File.WriteAllText(Path.Combine(folder, "rules", "storm.yaml"), Rule);
        Directory.CreateDirectory(Path.Combine(folder, "notifications"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "notifications")))
        {
            File.Copy(file, Path.Combine(folder, "notifications", Path.GetFileName(file)));
        }

        return TestHub.StartInAsync(folder, [
            "--Hub:NodeId=" + nodeId,
            .. PatroniDatabase.HubSettings(cluster, database, mqttPort, "hub-storm-" + nodeId, "plant/{customer}/{asset}/telemetry"),
            // Issue 18 item 2: the two nodes share the telemetry through an MQTT 5 shared subscription.
            "--Hub:Mqtt:Subscriptions:0:SharedGroup=storm",
            "--Hub:Notifications:Channels:mail:Kind=smtp",
            "--Hub:Notifications:Channels:mail:Host=127.0.0.1",
            $"--Hub:Notifications:Channels:mail:Port={smtpPort}",
            "--Hub:Notifications:Channels:mail:Tls=None",
            "--Hub:Notifications:Channels:mail:From=hub@storm.test",
            "--Hub:Notifications:Desk:Channel=mail",
            "--Hub:Notifications:Desk:Recipients:0=desk@storm.test",
        ]);
    }

    /// <summary>
    /// Publishes one phase at QoS 1, every PUBACK awaited: background readings below the limit, and the storm: in phase
    /// p, every machine n with n % 3 &lt;= p reads 95 °C or more, so a third of the machines cross the limit for the
    /// first time in each phase and the others cross it again (one ticket each all the same).
    /// </summary>
    private static async Task<IReadOnlyList<Published>> PublishPhaseAsync(MqttClient device, int phase)
    {
        var sent = new List<Published>();
        var at = T0.AddMinutes(phase);
        for (var n = 0; n < StormMachines; n++)
        {
            if (n % Phases <= phase)
            {
                sent.Add(await PublishAsync(device, StormAsset(n), at.AddMilliseconds(n), 95 + (n % 5)));
            }

            for (var b = n * BackgroundPerPhase / StormMachines; b < (n + 1) * BackgroundPerPhase / StormMachines; b++)
            {
                sent.Add(await PublishAsync(device, string.Create(CultureInfo.InvariantCulture, $"EQ-BG-{b % BackgroundMachines:00}"), at.AddMilliseconds(b), 60 + (b % 20)));
            }
        }

        return sent;
    }

    private static async Task<Published> PublishAsync(MqttClient device, string asset, DateTimeOffset at, int value)
    {
        var ts = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var result = await device.PublishAsync(new MqttApplicationMessage($"plant/STORM/{asset}/telemetry",
            Encoding.UTF8.GetBytes($$"""{"ts":"{{ts}}","readings":[{"metric":"temperature","value":{{value}}}]}"""), MqttQualityOfService.AtLeastOnce));
        Assert.True(result.IsSuccess, $"the broker did not take the reading of {asset} at {ts}");
        return new Published(asset, value);
    }

    private static string StormAsset(int n) => string.Create(CultureInfo.InvariantCulture, $"EQ-ST-{n:000}");

    private static async Task<List<(string Asset, string Code, long Count)>> TicketsOnAsync(PatroniNode node, string database)
    {
        await using var connection = new NpgsqlConnection(PatroniCluster.NodeConnectionString(node, database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT asset_id, alarm_code, count(*) FROM tickets GROUP BY asset_id, alarm_code", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tickets = new List<(string, string, long)>();
        while (await reader.ReadAsync())
        {
            tickets.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return tickets;
    }

    private sealed record Published(string Asset, int Value);
}
