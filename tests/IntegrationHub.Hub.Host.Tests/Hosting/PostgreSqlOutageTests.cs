using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Hosting;

/// <summary>
/// Issue 17, "Bad input and faults": PostgreSQL stopped mid-stream (<c>pg_ctl stop -m immediate</c>, then start) under a
/// hub on a real mosquitto. The hub holds what it cannot store, unacknowledged, retries with back-off and shows it on
/// /health; after the restart every published reading is in PostgreSQL exactly once and no message was handled twice.
/// The PostgreSQL is the test's own (the shared one of the other tests is never stopped).
/// </summary>
public sealed class PostgreSqlOutageTests
{
    private const int PerPhase = 100;
    private const int Phases = 3;
    private const int PerStream = PerPhase * Phases;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    // Well in the past (the hub refuses readings from the future), one second apart, so each reading has its own key.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);

    [Fact]
    public async Task PostgreSqlStoppedMidStream_MessagesHeldUnacknowledged_EveryReadingStoredOnceAfterRestart()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        // Commits on disk when confirmed: the shared test server's synchronous_commit=off lets an immediate stop lose
        // the last confirmed commits, readings the hub rightly acknowledged (seen here: a reading missing).
        var postgres = await PostgresServer.StartAsync(durableCommits: true);
        var running = true;
        try
        {
            var database = await postgres.CreateDatabaseAsync("hub");
            await using var hub = await TestHub.StartAsync(
                "--Hub:Store:Provider=postgresql",
                $"--Hub:Store:ConnectionString={database}",
                "--Hub:Mqtt:Enabled=true",
                $"--Hub:Mqtt:Port={broker.Port}",
                "--Hub:Mqtt:ClientId=hub-pg-outage-test",
                "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
                "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
                "--Hub:Mqtt:Subscriptions:0:Shape=Array",
                "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
                "--Hub:Mqtt:Subscriptions:0:QoS=AtLeastOnce",
                "--Hub:Mqtt:Subscriptions:1:Source=plant-telemetry",
                "--Hub:Mqtt:Subscriptions:1:Topic=exact/{site}/{asset}/telemetry",
                "--Hub:Mqtt:Subscriptions:1:Shape=Array",
                "--Hub:Mqtt:Subscriptions:1:ReadingsPath=readings",
                "--Hub:Mqtt:Subscriptions:1:QoS=ExactlyOnce");
            await HubHealth.WaitForAsync(hub, h => HubHealth.Mqtt(h).GetProperty("state").GetString() == "Running", "the MQTT adapter running");

            await using var qos1 = await DeviceAsync(broker, "device-qos1");
            await using var qos2 = await DeviceAsync(broker, "device-qos2");

            // Phase 1: the database up; some of it stored.
            await PublishPhaseAsync(qos1, qos2, 0);
            await HubHealth.WaitForAsync(async () => await CountAsync(database, "SELECT count(*) FROM telemetry_readings") > 0, "the first readings stored", hub);

            // Phase 2: the database gone while messages keep coming.
            await postgres.StopImmediatelyAsync();
            running = false;
            await PublishPhaseAsync(qos1, qos2, 1);
            var outage = await HubHealth.WaitForAsync(hub, h => !h.GetProperty("store").GetProperty("reachable").GetBoolean()
                && HubHealth.Mqtt(h).GetProperty("state").GetString() == "Retrying"
                && HubHealth.Mqtt(h).GetProperty("counts").GetProperty("storeRetryStep").GetInt64() >= 2,
                "/health to show the store unreachable and the MQTT adapter retrying");
            Assert.Equal("Unhealthy", outage.GetProperty("status").GetString());
            Assert.Contains("retry step", HubHealth.Mqtt(outage).GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Contains("is unreachable", HubHealth.Mqtt(outage).GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 1526);

            // A file dropped meanwhile waits in the inbox: the database being down is no reason to fail it.
            await hub.DropAsync("customers.csv", PlantFiles.Customers);

            // Phase 3: the database back; the held batch goes in first, then the rest.
            await postgres.StartAgainAsync();
            running = true;
            await PublishPhaseAsync(qos1, qos2, 2);

            var deadLettersExpected = PerStream / 10;
            await HubHealth.WaitForAsync(
                async () => await CountAsync(database, "SELECT count(*) FROM telemetry_readings") == (2 * PerStream) - deadLettersExpected
                    && await CountAsync(database, "SELECT count(*) FROM dead_letters") >= deadLettersExpected,
                "every reading stored", hub);
            await hub.WaitForInboxEmptyAsync(HangGuard);

            // Every published reading once: the set of values per stream is exactly 0..299 (the QoS 2 stream without the
            // unreadable tenth), and each unreadable QoS 2 message is one dead letter.
            Assert.Equal(
                (PerStream, PerStream, SumOf(Enumerable.Range(0, PerStream))),
                await StreamAsync(database, "EQ-Q1"));
            var readable = Enumerable.Range(0, PerStream).Where(n => n % 10 != 0).ToList();
            Assert.Equal((readable.Count, readable.Count, SumOf(readable)), await StreamAsync(database, "EQ-Q2"));
            Assert.Equal((long)deadLettersExpected, await CountAsync(database, "SELECT count(*) FROM dead_letters"));
            Assert.Equal((long)deadLettersExpected, await CountAsync(database, "SELECT count(DISTINCT payload) FROM dead_letters"));

            // No message handled twice: the adapter counted each message, reading and dead letter once; the store's
            // failure never went back to the MQTT client (4306), which would have dropped the connection.
            // The counters move just after each batch's commit: waited for, then compared exactly.
            var health = await HubHealth.WaitForAsync(hub, h => h.GetProperty("store").GetProperty("reachable").GetBoolean()
                && HubHealth.Mqtt(h).GetProperty("state").GetString() == "Running"
                && HubHealth.Mqtt(h).GetProperty("counts").GetProperty("messagesIn").GetInt64() >= 2 * PerStream,
                "the MQTT adapter to count every message");
            var counts = HubHealth.Mqtt(health).GetProperty("counts");
            Assert.True(2 * PerStream == counts.GetProperty("messagesIn").GetInt64(), health.ToString() + hub.Logs);
            Assert.Equal((2 * PerStream) - deadLettersExpected, counts.GetProperty("readingsStored").GetInt64());
            Assert.Equal(deadLettersExpected, counts.GetProperty("deadLetters").GetInt64());
            Assert.Equal(0, counts.GetProperty("storeRetryStep").GetInt64());
            Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 4306);
            Assert.Contains(hub.Logs.Entries, e => e.EventId == 1527);

            Assert.Empty(Directory.GetFiles(Path.Combine(hub.DataFolder, "failed")));
            Assert.Single(Directory.GetFiles(Path.Combine(hub.DataFolder, "processed"), "customers*"));
            Assert.Equal(2L, await CountAsync(database, "SELECT count(*) FROM entities WHERE kind = 'Customer'"));
        }
        finally
        {
            if (!running)
            {
                await postgres.StartAgainAsync();
            }

            await postgres.DisposeAsync();
        }
    }

    /// <summary>Publishes readings n of the phase on both streams; every tenth QoS 2 message cannot be read.</summary>
    private static async Task PublishPhaseAsync(MqttClient qos1, MqttClient qos2, int phase)
    {
        for (var n = phase * PerPhase; n < (phase + 1) * PerPhase; n++)
        {
            var ts = T0.AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var one = await qos1.PublishAsync(new MqttApplicationMessage("plant/suzhou/EQ-Q1/telemetry",
                Encoding.UTF8.GetBytes($$"""{"ts":"{{ts}}","readings":[{"metric":"seq","value":{{n}}}]}"""), MqttQualityOfService.AtLeastOnce));
            var payload = n % 10 == 0
                ? $$"""{"ts":"{{ts}}","readings":[{"metric":"seq","value":"unreadable {{n}}"}]}"""
                : $$"""{"ts":"{{ts}}","readings":[{"metric":"seq","value":{{n}}}]}""";
            var two = await qos2.PublishAsync(new MqttApplicationMessage("exact/suzhou/EQ-Q2/telemetry", Encoding.UTF8.GetBytes(payload), MqttQualityOfService.ExactlyOnce));
            Assert.True(one.IsSuccess && two.IsSuccess, $"the broker did not take message {n}");
        }
    }

    private static async Task<MqttClient> DeviceAsync(MosquittoBroker broker, string clientId)
    {
        var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = clientId }, (_, _) => ValueTask.CompletedTask);
        await device.ConnectAsync();
        return device;
    }

    private static long SumOf(IEnumerable<int> values) => values.Sum(v => (long)v);

    private static async Task<(long Rows, long Distinct, long Sum)> StreamAsync(string database, string asset)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT ts), coalesce(sum(value), 0)::bigint FROM telemetry_readings WHERE asset_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = asset });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
