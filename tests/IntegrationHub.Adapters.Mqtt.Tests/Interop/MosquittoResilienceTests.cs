using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Failures a real broker can be made to produce: frozen (keep-alive loss) and restarted mid-stream.</summary>
public sealed class MosquittoResilienceTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task KeepAlive_BrokerFrozen_DeadConnectionDetectedWithinOneAndAQuarterKeepAlives_ThenRecovers()
    {
        // The bound is on the client's clock, a fake one moved by the test (issue 16: "detected <= 1.5 x keep-alive"
        // on the wall clock failed under load). The clock moves one keep-alive tick at a time, and only once the
        // keep-alive loop has armed its next delay, so the loop's reaction time on a busy machine does not count.
        var keepAlive = TimeSpan.FromSeconds(4);
        var clock = new ManualTimeProvider();
        var log = new ListLogger();
        MqttClientOptions options = TestClients.Options(_broker.Port, MqttProtocolVersion.V500) with
        {
            KeepAlive = keepAlive,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            Logger = log,
            TimeProvider = clock,
        };
        await using MqttClient client = await TestClients.ConnectAsync(options);

        // SIGSTOP: the TCP connection stays up (the kernel still ACKs) but no PINGRESP ever comes.
        await _broker.PauseAsync();
        TimeSpan tick = keepAlive / 4;
        while (client.Health.State == MqttClientState.Connected)
        {
            Assert.True(clock.Elapsed < keepAlive * 3, "still connected after " + clock.Elapsed + " on the client's clock");
            int armed = clock.TimersCreated;
            clock.Advance(tick);
            await Eventually.WaitAsync(
                () => clock.TimersCreated > armed || client.Health.State != MqttClientState.Connected,
                TimeSpan.FromSeconds(60),
                () => "the keep-alive loop did not run after the clock moved");
        }

        TimeSpan detected = clock.Elapsed;
        Assert.InRange(detected, keepAlive, keepAlive * 1.25);
        Assert.Equal(MqttClientState.Retrying, client.Health.State);
        Assert.Contains("keep-alive", client.Health.LastError ?? string.Empty, StringComparison.Ordinal);

        // The reconnect waits for its backoff on the same clock: move it in small steps until the client is back.
        await _broker.ResumeAsync();
        await AdvanceUntilAsync(clock, () => client.Health.State == MqttClientState.Connected, TimeSpan.FromMilliseconds(100), () => client.Health.LastError ?? "?");
        Assert.True(client.Health.Reconnects >= 1);

        // The log tells the story an operator needs: connected, lost (and why), connected again.
        List<(int EventId, string Message)> entries = [.. log.Entries];
        Assert.Contains(entries, e => e.EventId == 4302 && e.Message.Contains("keep-alive", StringComparison.Ordinal) && e.Message.Contains("Reconnecting: True", StringComparison.Ordinal));
        // At least two: a connect attempt that timed out while the broker was frozen may still reach it afterwards
        // and take the client id over once, which the client then repairs with one more reconnect.
        Assert.True(entries.Count(e => e.EventId == 4301) >= 2, string.Join("\n", entries));
        Assert.Contains(options.ClientId, entries.Last(e => e.EventId == 4301).Message, StringComparison.Ordinal);
    }

    private static async Task AdvanceUntilAsync(ManualTimeProvider clock, Func<bool> condition, TimeSpan step, Func<string> describe)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.False(guard.IsCancellationRequested, "Timed out: " + describe());
            clock.Advance(step);
            await Task.Delay(10);
        }
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task BrokerRestart_MidStreamWithPersistentSession_NoMessageMissing(MqttProtocolVersion version)
    {
        const int total = 3000;
        string topic = "restart/" + TestClients.NewId("t");
        var seen = new ConcurrentDictionary<int, int>();
        var collector = new MessageCollector
        {
            Before = (message, _) =>
            {
                int index = int.Parse(Encoding.UTF8.GetString(message.Payload.Span), CultureInfo.InvariantCulture);
                seen.AddOrUpdate(index, 1, (_, n) => n + 1);
                return ValueTask.CompletedTask;
            },
        };
        // Clean Start 0 from the first connection: with mosquitto 2.0.11, a 5.0 session created with Clean Start 1 and an
        // expiry was not restored after the SIGTERM restart in 7 of 13 runs here (CONNACK session present 0; what the
        // publisher sent meanwhile was PUBACKed 0x10 "no matching subscribers" and lost); with Clean Start 0, every run kept it.
        MqttClientOptions subscriberOptions = TestClients.Options(_broker.Port, version, TestClients.NewId("sub")) with
        {
            CleanStart = false,
            SessionExpirySeconds = 3600,
        };
        await using MqttClient subscriber = await TestClients.ConnectAsync(subscriberOptions, collector);
        Assert.True((await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce)).IsSuccess);

        MqttClientOptions publisherOptions = TestClients.Options(_broker.Port, version, TestClients.NewId("pub")) with
        {
            CleanStart = version == MqttProtocolVersion.V500,
            SessionExpirySeconds = 3600,
            MaximumInflightPublishes = 50,
        };
        await using MqttClient publisher = await TestClients.ConnectAsync(publisherOptions);
        var acks = new ConcurrentDictionary<int, byte>();
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task publishing = Task.Run(async () =>
        {
            var window = new List<Task>();
            for (int i = 0; i < total; i++)
            {
                if (i == total / 2)
                {
                    // Make sure the second half is published into the stopping and stopped broker.
                    halfway.TrySetResult();
                    await stopping.Task;
                }

                int index = i;
                window.Add(publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(index.ToString(CultureInfo.InvariantCulture))))
                    .ContinueWith(t => acks[index] = t.Result.ReasonCode, TaskScheduler.Default));
                if (window.Count == 50)
                {
                    await Task.WhenAll(window);
                    window.Clear();
                }
            }

            await Task.WhenAll(window);
        });

        // Mid-stream: stop the broker cleanly (it saves its persistence on SIGTERM) and start it again.
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Task stop = _broker.StopAsync();
        stopping.TrySetResult();
        await stop;
        await Eventually.WaitAsync(() => subscriber.Health.State == MqttClientState.Retrying, TimeSpan.FromSeconds(30), () => "subscriber did not notice");
        await _broker.RestartAsync();

        await publishing.WaitAsync(TimeSpan.FromSeconds(90));
        await Eventually.WaitAsync(() => seen.Count == total, TimeSpan.FromSeconds(90),
            () => $"missing {total - seen.Count}: first missing (index:PUBACK reason) {string.Join(",", Enumerable.Range(0, total).Where(i => !seen.ContainsKey(i)).Take(10).Select(i => $"{i}:{acks.GetValueOrDefault(i, (byte)0xFF):X2}"))}"
                + $" subscriber session present after reconnect: {subscriber.Health.SessionPresent}");
        Assert.All(acks.Values, code => Assert.Equal(0, code));
        Assert.True(subscriber.Health.Reconnects >= 1);
        Assert.True(subscriber.Health.SessionPresent);
        Assert.True(publisher.Health.Reconnects >= 1);
        Assert.Equal(MqttClientState.Connected, subscriber.Health.State);
    }
}
