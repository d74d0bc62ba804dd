using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Telemetry;

/// <summary>
/// The adapter over a real mosquitto with a sink that keeps readings in memory (the store is the hub's; its tests
/// are in Hub.Host.Tests): QoS 0 batches stored in the background, QoS 1 batches before they are acknowledged.
/// </summary>
public sealed class MqttTelemetryAdapterTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttQualityOfService.AtLeastOnce)]
    public async Task Readings_EveryMessageStoredOnce_InOrderOfArrival(MqttQualityOfService qos)
    {
        const int count = 3000;
        var sink = new MemorySink();
        await using (var adapter = NewAdapter(sink, qos))
        {
            await adapter.StartAsync(CancellationToken.None);
            await PublishAsync(count, qos);
            await Eventually.WaitAsync(() => adapter.GetStatus().Counts["readingsStored"] == count, TimeSpan.FromSeconds(30), () => adapter.GetStatus().Counts["readingsStored"] + " stored");
        }

        var sequence = sink.Readings.Select(r => int.Parse(r.Fields["seq"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, count), sequence);
        Assert.Equal(1, sink.MostAtOnce);
    }

    [Fact]
    public async Task QoS0_StoreFails_BatchCountedAsLostAndReported_TheRestStored()
    {
        const int count = 2000;
        var sink = new MemorySink { FailFirstCall = true };
        var log = new ListLogger();
        await using var adapter = NewAdapter(sink, MqttQualityOfService.AtMostOnce, log);
        await adapter.StartAsync(CancellationToken.None);
        await PublishAsync(count, MqttQualityOfService.AtMostOnce);

        await Eventually.WaitAsync(
            () => adapter.GetStatus().Counts["readingsStored"] + adapter.GetStatus().Counts["messagesLost"] == count,
            TimeSpan.FromSeconds(30),
            () => $"{adapter.GetStatus().Counts["readingsStored"]} stored, {adapter.GetStatus().Counts["messagesLost"]} lost");
        var status = adapter.GetStatus();
        Assert.Equal(sink.FailedBatchSize, status.Counts["messagesLost"]);
        Assert.True(status.Counts["messagesLost"] > 0);
        Assert.Contains("QoS 0 message(s) were lost: storing them failed: disk full", status.LastError, StringComparison.Ordinal);
        Assert.Equal(count - sink.FailedBatchSize, sink.Readings.Count);
        Assert.Contains(log.Entries, e => e.EventId == 4308 && e.Message.Contains(sink.FailedBatchSize + " QoS 0 message(s) were lost", StringComparison.Ordinal));
    }

    private MqttTelemetryAdapter NewAdapter(MemorySink sink, MqttQualityOfService qos, ListLogger? log = null) => new(
        "mqtt",
        TestClients.Options(_broker.Port, MqttProtocolVersion.V500) with { Logger = log ?? new ListLogger() },
        [new TelemetrySubscription { Source = "plant-telemetry", Topic = "adapter/{asset}/telemetry", QoS = qos }],
        sink);

    private async Task PublishAsync(int count, MqttQualityOfService qos)
    {
        await using var device = await TestClients.ConnectAsync(TestClients.Options(_broker.Port, MqttProtocolVersion.V500));
        for (var i = 0; i < count; i++)
        {
            var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{i}},"metric":"temperature","value":{{i % 90}}}""");
            await device.PublishAsync(new MqttApplicationMessage("adapter/EQ-1/telemetry", Encoding.UTF8.GetBytes(payload), qos));
        }
    }

    private sealed class MemorySink : ITelemetrySink
    {
        private int _calls;
        private int _inside;

        public bool FailFirstCall { get; init; }

        public int FailedBatchSize { get; private set; }

        public int MostAtOnce { get; private set; }

        public ConcurrentQueue<SourceRecord> Readings { get; } = new();

        public async Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken)
        {
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _inside));
            try
            {
                // Slow enough that the next batch is read while this one is stored.
                await Task.Delay(5, CancellationToken.None);
                if (FailFirstCall && Interlocked.Increment(ref _calls) == 1)
                {
                    FailedBatchSize = readings.Count;
                    throw new IOException("disk full");
                }

                foreach (var reading in readings)
                {
                    Readings.Enqueue(reading);
                }

                return 0;
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }
    }
}
