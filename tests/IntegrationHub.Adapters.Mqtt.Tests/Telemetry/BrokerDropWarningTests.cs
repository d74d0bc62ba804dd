using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Telemetry;

/// <summary>
/// Issue 16 item 13: with mosquitto's default queue limits a burst to a busy hub loses messages while the publisher
/// gets every PUBACK. The adapter watches the broker's $SYS drop counter and reports a rise; the shipped broker
/// configuration (deploy/mosquitto/mosquitto.conf) does not drop the same burst.
/// </summary>
public sealed class BrokerDropWarningTests
{
    private const int Burst = 3000;

    [Fact]
    public async Task DefaultLimits_BurstToBusyHub_DropsShownOnStatus()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { QueueSettings = [], SysInterval = 1 });
        (SlowSink sink, AdapterStatus status) = await RunBurstAsync(broker, expectDrops: true);
        Assert.Equal(AdapterState.Faulted, status.State);
        Assert.Contains("the MQTT broker dropped", status.LastError, StringComparison.Ordinal);
        Assert.Contains("max_queued_messages", status.LastError, StringComparison.Ordinal);
        Assert.True(status.Counts["brokerDroppedMessages"] > 0);
        Assert.True(sink.Stored < Burst, "nothing was dropped: " + sink.Stored);
    }

    [Fact]
    public async Task ShippedConfiguration_SameBurst_EveryMessageStored_NoWarning()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { QueueSettings = ShippedQueueSettings(), SysInterval = 1 });
        (SlowSink sink, AdapterStatus status) = await RunBurstAsync(broker, expectDrops: false);
        Assert.Equal(Burst, sink.Stored);
        Assert.Equal(0, status.Counts["brokerDroppedMessages"]);
        Assert.Equal(AdapterState.Running, status.State);
    }

    private static List<string> ShippedQueueSettings()
    {
        string file = Path.Combine(RepositoryPaths.Root, "deploy", "mosquitto", "mosquitto.conf");
        List<string> settings = [.. File.ReadAllLines(file).Where(l => l.StartsWith("max_queued_", StringComparison.Ordinal) || l.StartsWith("max_inflight_", StringComparison.Ordinal))];
        Assert.Contains(settings, s => s.StartsWith("max_queued_messages ", StringComparison.Ordinal));
        return settings;
    }

    private static async Task<(SlowSink Sink, AdapterStatus Status)> RunBurstAsync(MosquittoBroker broker, bool expectDrops)
    {
        var sink = new SlowSink();
        await using var adapter = new MqttTelemetryAdapter(
            "mqtt",
            TestClients.Options(broker.Port, MqttProtocolVersion.V500),
            [new TelemetrySubscription { Source = "plant-telemetry", Topic = "burst/{asset}/telemetry", QoS = MqttQualityOfService.AtLeastOnce }],
            sink);
        await adapter.StartAsync(CancellationToken.None);

        // The hub is busy (its store holds the first batch) while the burst arrives.
        await using (MqttClient device = await TestClients.ConnectAsync(TestClients.Options(broker.Port, MqttProtocolVersion.V500)))
        {
            var sent = new List<Task>();
            for (int i = 0; i < Burst; i++)
            {
                string payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{i}},"metric":"t","value":1}""");
                sent.Add(device.PublishAsync(new MqttApplicationMessage("burst/EQ-1/telemetry", Encoding.UTF8.GetBytes(payload))));
            }

            await Task.WhenAll(sent).WaitAsync(TimeSpan.FromSeconds(120));
        }

        sink.Open();
        if (expectDrops)
        {
            await Eventually.WaitAsync(() => adapter.GetStatus().Counts["brokerDroppedMessages"] > 0, TimeSpan.FromSeconds(120),
                () => $"no drop reported; {sink.Stored} stored");
        }
        else
        {
            await Eventually.WaitAsync(() => sink.Stored == Burst, TimeSpan.FromSeconds(120), () => $"{sink.Stored} of {Burst} stored");
        }

        return (sink, adapter.GetStatus());
    }

    private sealed class SlowSink : ITelemetrySink
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<SourceRecord> _readings = new();

        public int Stored => _readings.Count;

        public void Open() => _open.TrySetResult();

        public async Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken)
        {
            await _open.Task.WaitAsync(cancellationToken);
            foreach (SourceRecord reading in readings)
            {
                _readings.Enqueue(reading);
            }

            return 0;
        }
    }
}
