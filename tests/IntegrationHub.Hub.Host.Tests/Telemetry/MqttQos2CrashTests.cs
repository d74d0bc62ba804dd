using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Telemetry;

/// <summary>
/// Issue 16 item 16: "a QoS 2 message handled just before a crash is not handled again after it". The hub stores the
/// message's id in the transaction of its readings and dead letters, so a crash between that commit and PUBREC leaves
/// nothing to repeat when the broker delivers the message again.
/// </summary>
public abstract class MqttQos2CrashTests(TestStore testStore)
{
    public sealed class OnSqlite() : MqttQos2CrashTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : MqttQos2CrashTests(TestStore.PostgreSql);

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Qos2Message_HubDiesAfterItsBatchCommittedBeforePubRec_RestartedHubDoesNotStoreItAgain()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var dataFolder = TestHub.NewDataFolder();
        string[] settings =
        [
            "--Hub:Mqtt:Enabled=true",
            $"--Hub:Mqtt:Port={broker.Port}",
            "--Hub:Mqtt:ClientId=hub-qos2-crash-test",
            "--Hub:Mqtt:Subscriptions:0:Source=plant-telemetry",
            "--Hub:Mqtt:Subscriptions:0:Topic=plant/{site}/{asset}/telemetry",
            "--Hub:Mqtt:Subscriptions:0:Shape=Array",
            "--Hub:Mqtt:Subscriptions:0:ReadingsPath=readings",
            "--Hub:Mqtt:Subscriptions:0:QoS=ExactlyOnce",
        ];

        // One reading stored and one dead letter (its value is no number): readings are keyed by asset, metric and
        // time, so only the dead letter would show a second handling.
        var crash = new DieAfterCommit();
        await using (var first = await StartHubAsync(dataFolder, crash, settings))
        {
            await WaitForHealthAsync(first.Client, "\"name\":\"mqtt\",\"state\":\"Running\"");
            await PublishAsync(broker, "plant/suzhou/EQ-C001-01/telemetry",
                """{"ts":"2025-10-22T08:00:00Z","readings":[{"metric":"temperature","value":70.5},{"metric":"pressure","value":"high"}]}""");
            await crash.Committed.Task.WaitAsync(HangGuard);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal((1, 1), await CountAsync(dataFolder));

        // The restarted hub resumes the session; the broker delivers the message again (DUP) ahead of a new one.
        await using (var second = await StartHubAsync(dataFolder, null, settings))
        {
            await WaitForHealthAsync(second.Client, "\"name\":\"mqtt\",\"state\":\"Running\"");
            await PublishAsync(broker, "plant/suzhou/EQ-C001-02/telemetry",
                """{"ts":"2025-10-22T08:00:00Z","readings":[{"metric":"temperature","value":65.0}]}""");
            // Its reading stored, the redelivery before it has been dealt with: in order, on one connection.
            using (var guard = new CancellationTokenSource(HangGuard))
            {
                while ((await CountAsync(dataFolder)).Readings < 2)
                {
                    await Task.Delay(100, guard.Token);
                }
            }

            Assert.Equal((2, 1), await CountAsync(dataFolder));
            Assert.Contains("\"messagesIn\":1,", await second.Client.GetStringAsync("/health"), StringComparison.Ordinal);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await TestStore.DropDatabaseAsync(dataFolder);
        Directory.Delete(dataFolder, recursive: true);
    }

    private async Task<RunningHub> StartHubAsync(string dataFolder, DieAfterCommit? crash, string[] settings)
    {
        string[] args = ["--urls", "http://127.0.0.1:0", $"--Hub:DataFolder={dataFolder}", .. await testStore.SettingsAsync(dataFolder), .. settings];
        var app = HubApplication.Build(args, builder =>
        {
            if (crash is not null)
            {
                // Registered last, so the MQTT service takes it: the real sink, then the "crash".
                builder.Services.AddSingleton<ITelemetrySink>(sp => crash.Wrap(ActivatorUtilities.CreateInstance<StoringTelemetrySink>(sp)));
            }
        });
        await HubStartup.PrepareAsync(app.Services, requireMappings: true, CancellationToken.None);
        await app.StartAsync();
        return new RunningHub(app);
    }

    private async Task<(long Readings, long DeadLetters)> CountAsync(string dataFolder)
    {
        await using var connection = await testStore.OpenAsync(dataFolder);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM telemetry_readings), (SELECT COUNT(*) FROM dead_letters)";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task PublishAsync(MosquittoBroker broker, string topic, string payload)
    {
        await using var device = new MqttClient(new MqttClientOptions { Port = broker.Port, ClientId = "device-" + Guid.NewGuid().ToString("N")[..8] }, (_, _) => ValueTask.CompletedTask);
        await device.ConnectAsync();
        var result = await device.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(payload), MqttQualityOfService.ExactlyOnce));
        Assert.True(result.IsSuccess);
    }

    private static async Task WaitForHealthAsync(HttpClient client, string expected)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        string health;
        while (!(health = await client.GetStringAsync("/health", guard.Token)).Contains(expected, StringComparison.Ordinal))
        {
            await Task.Delay(100, guard.Token);
        }
    }

    /// <summary>The sink commits the batch, then the process "dies": the handler never returns, so no PUBREC goes out.</summary>
    private sealed class DieAfterCommit
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITelemetrySink Wrap(ITelemetrySink inner) => new Sink(inner, this);

        private sealed class Sink(ITelemetrySink inner, DieAfterCommit owner) : ITelemetrySink
        {
            public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken)
                => StoreAsync(readings, unreadable, [], cancellationToken);

            public async Task<int> StoreAsync(
                IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
            {
                await inner.StoreAsync(readings, unreadable, receipts, cancellationToken);
                owner.Committed.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable: the delay ends only by cancellation");
            }
        }
    }

    private sealed class RunningHub(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = new()
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()),
            Timeout = TimeSpan.FromSeconds(30),
        };

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
