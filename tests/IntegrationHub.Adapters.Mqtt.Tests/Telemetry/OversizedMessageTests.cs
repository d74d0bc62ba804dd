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
/// Issue 16 item 12: over MQTT 3.1.1 the broker cannot be told the client's maximum packet size, so a message above
/// it reaches the hub. It used to close the connection; the broker resent it first on every reconnect and all later
/// telemetry was blocked for good. Now it is read past, dead-lettered with topic and size, acknowledged, and the rest flows.
/// </summary>
public sealed class OversizedMessageTests : IAsyncLifetime
{
    private const int Small = 100;
    private const int BigBytes = 2 * 1024 * 1024;
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task V311_OversizedMessageQueuedAheadOf100_BigOneDeadLetteredOnce_AllSmallStored_NoReconnectLoop()
    {
        string clientId = TestClients.NewId("oversized");
        var log = new ListLogger();
        MqttClientOptions options = TestClients.Options(_broker.Port, MqttProtocolVersion.V311, clientId) with { CleanStart = false, Logger = log };
        TelemetrySubscription[] subscriptions = [new() { Source = "plant-telemetry", Topic = "big/{asset}/telemetry", QoS = MqttQualityOfService.AtLeastOnce }];

        // The hub's persistent session exists and is subscribed; then the hub is away while a device publishes.
        await using (var first = new MqttTelemetryAdapter("mqtt", options, subscriptions, new MemorySink()))
        {
            await first.StartAsync(CancellationToken.None);
        }

        await using (MqttClient device = await TestClients.ConnectAsync(TestClients.Options(_broker.Port, MqttProtocolVersion.V311)))
        {
            byte[] big = new byte[BigBytes];
            big.AsSpan().Fill((byte)'x');
            await device.PublishAsync(new MqttApplicationMessage("big/EQ-1/telemetry", big));
            for (int i = 0; i < Small; i++)
            {
                string payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{i}},"metric":"temperature","value":{{i}}}""");
                await device.PublishAsync(new MqttApplicationMessage("big/EQ-1/telemetry", Encoding.UTF8.GetBytes(payload)));
            }
        }

        var sink = new MemorySink();
        await using var adapter = new MqttTelemetryAdapter("mqtt", options, subscriptions, sink);
        await adapter.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(
            () => sink.Readings.Count == Small && !sink.Unreadable.IsEmpty,
            TimeSpan.FromSeconds(60),
            () => $"{sink.Readings.Count} readings stored, {sink.Unreadable.Count} dead letters, status {Describe(adapter.GetStatus())}");

        UnreadableMessage dead = Assert.Single(sink.Unreadable);
        Assert.Equal("big/EQ-1/telemetry", dead.Topic);
        Assert.Equal("plant-telemetry", dead.Source);
        Assert.True(dead.Payload.IsEmpty);
        Assert.Contains("above the maximum packet size of 1048576 bytes", dead.Reason, StringComparison.Ordinal);
        long size = long.Parse(dead.Reason.Split(' ')[3], CultureInfo.InvariantCulture);
        Assert.InRange(size, BigBytes, BigBytes + 64);
        Assert.Equal(Enumerable.Range(0, Small), sink.Readings.Select(r => int.Parse(r.Fields["seq"]!, CultureInfo.InvariantCulture)));

        AdapterStatus status = adapter.GetStatus();
        Assert.Equal(0, status.Counts["reconnects"]);
        Assert.Equal(1, status.Counts["oversizedMessages"]);
        Assert.Equal(1, status.Counts["deadLetters"]);
        Assert.Equal(Small, status.Counts["readingsStored"]);
        Assert.Single(log.Entries, e => e.EventId == 4323 && e.Message.Contains("big/EQ-1/telemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.EventId == 4302);

        // Acknowledged: a third connection of the same session gets nothing again.
        await adapter.DisposeAsync();
        var after = new MemorySink();
        await using var third = new MqttTelemetryAdapter("mqtt", options, subscriptions, after);
        await third.StartAsync(CancellationToken.None);
        await using (MqttClient device = await TestClients.ConnectAsync(TestClients.Options(_broker.Port, MqttProtocolVersion.V311)))
        {
            await device.PublishAsync(new MqttApplicationMessage("big/EQ-1/telemetry", """{"seq":999,"metric":"t","value":1}"""u8.ToArray()));
        }

        await Eventually.WaitAsync(() => !after.Readings.IsEmpty, TimeSpan.FromSeconds(60), () => "the marker did not arrive");
        Assert.Empty(after.Unreadable);
        Assert.Equal("999", Assert.Single(after.Readings).Fields["seq"]);
    }

    private static string Describe(AdapterStatus status)
        => status.State + " " + status.LastError + " " + string.Join(", ", status.Counts.Select(c => c.Key + "=" + c.Value));

    private sealed class MemorySink : ITelemetrySink
    {
        public ConcurrentQueue<SourceRecord> Readings { get; } = new();

        public ConcurrentQueue<UnreadableMessage> Unreadable { get; } = new();

        public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken)
        {
            foreach (SourceRecord reading in readings)
            {
                Readings.Enqueue(reading);
            }

            foreach (UnreadableMessage message in unreadable)
            {
                Unreadable.Enqueue(message);
            }

            return Task.FromResult(0);
        }
    }
}
