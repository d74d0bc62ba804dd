using System.Collections.Concurrent;
using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Adapters.Mqtt.Tests.Sparkplug;

/// <summary>
/// The telemetry adapter as a Sparkplug B host against an edge node on Eclipse Tahu's JavaScript client, through a real
/// mosquitto: births, alias-only data, a lost seq answered by a rebirth the node really performs, a device death and
/// the node's death certificate (its MQTT will).
/// </summary>
public sealed class SparkplugEdgeNodeTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task EdgeNode_BirthDataGapRebirthAndDeaths_BecomeReadingsAndOfflineReadings()
    {
        var sink = new RecordingSink();
        var log = new ListLogger();
        await using var adapter = new MqttTelemetryAdapter(
            "mqtt",
            TestClients.Options(mosquitto.Broker.Port, MqttProtocolVersion.V500) with { Logger = log },
            [new TelemetrySubscription { Source = "sparkplug", Topic = "spBv1.0/plant1/#", Shape = ReadingsShape.SparkplugB }],
            sink);
        await adapter.StartAsync(CancellationToken.None);
        await using var node = EdgeNodeSimulator.Start(mosquitto.Broker.Port, "plant1", "edge1", "press-1");

        // Births: the node's uptime and the device's five numbers (its String metric and bdSeq are no readings).
        await node.WaitForAsync("births");
        await WaitFor.ConditionAsync(() => sink.Of("NBIRTH").Count == 1 && sink.Of("DBIRTH").Count == 5, "the births' readings");
        Assert.Equal(["uptime=0"], sink.Of("NBIRTH").Select(Show));
        Assert.Equal(["temperature=70", "rpm=1000", "running=1", "offset=-7", "count=0"], sink.Of("DBIRTH").Select(Show));

        // Data whose metrics carry only their aliases.
        await node.SendAsync("data 10");
        await WaitFor.ConditionAsync(() => sink.Of("DDATA").Count == 50, "50 DDATA readings");
        var tenth = sink.Of("DDATA").Skip(45).ToList();
        Assert.Equal(["temperature=71", "rpm=1010", "running=1", "offset=-7", "count=10"], tenth.Select(Show));
        Assert.All(tenth, r => Assert.Equal(("press-1", "edge1", "plant1", "Good"), (r["asset"], r["edgeNode"], r["group"], r["quality"])));

        // A seq used up without a message: the hub asks for a rebirth and the node answers with both births.
        await node.SendAsync("skip");
        await node.SendAsync("data 1");
        await node.WaitForAsync("rebirth");
        await WaitFor.ConditionAsync(() => sink.Of("NBIRTH").Count == 2 && sink.Of("DBIRTH").Count == 10, "the rebirth's readings");
        await node.SendAsync("data 3");
        await WaitFor.ConditionAsync(() => sink.Of("DDATA").Count == 70, "70 DDATA readings");
        Assert.Equal(1, adapter.GetStatus().Counts["rebirthRequests"]);
        Assert.Contains(log.Entries, e => e.EventId == 4340 && e.Message.Contains("seq 13 followed 11: 1 message(s) missing", StringComparison.Ordinal));

        // The device dies, then the node drops off the network and the broker publishes its NDEATH will (bdSeq 0).
        await node.SendAsync("ddeath");
        await WaitFor.ConditionAsync(() => sink.Offline.Count == 5, "the device's five offline readings");
        await node.SendAsync("die");
        await WaitFor.ConditionAsync(() => sink.Offline.Count == 6, "the node's offline reading");

        // Each offline reading keeps the metric's last value: the device's from its last DDATA (the 14th), the node's from its birth.
        var lastData = sink.Of("DDATA").TakeLast(5).Select(r => $"press-1/{Show(r)}").ToList();
        Assert.Equal(["press-1/rpm=1014", "press-1/running=1", "press-1/offset=-7", "press-1/count=14"], lastData.Skip(1));
        Assert.Equal([.. lastData, "edge1/uptime=0"], sink.Offline.Select(r => $"{r["asset"]}/{Show(r)}"));
        Assert.Empty(sink.Unreadable);
        Assert.Equal(1, adapter.GetStatus().Counts["rebirthRequests"]);
    }

    private static string Show(IReadOnlyDictionary<string, string?> reading) => $"{reading["metric"]}={reading["value"]}";

    private sealed class RecordingSink : ITelemetrySink
    {
        private readonly ConcurrentQueue<SourceRecord> _readings = new();

        public ConcurrentQueue<UnreadableMessage> Unreadable { get; } = new();

        public List<IReadOnlyDictionary<string, string?>> Offline =>
            [.. _readings.Select(r => r.Fields).Where(f => f["quality"] == "Offline")];

        public List<IReadOnlyDictionary<string, string?>> Of(string messageType) =>
            [.. _readings.Select(r => r.Fields).Where(f => f["messageType"] == messageType && f["quality"] == "Good")];

        public Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken)
        {
            foreach (var reading in readings)
            {
                _readings.Enqueue(reading);
            }

            foreach (var message in unreadable)
            {
                Unreadable.Enqueue(message);
            }

            return Task.FromResult(0);
        }
    }
}
