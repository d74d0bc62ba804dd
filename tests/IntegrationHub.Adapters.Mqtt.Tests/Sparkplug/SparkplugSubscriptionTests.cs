using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Tests.Interop;

namespace IntegrationHub.Adapters.Mqtt.Tests.Sparkplug;

public class SparkplugSubscriptionTests
{
    [Fact]
    public void Adapter_SparkplugTopicOutsideTheNamespace_RefusedWithAnExample()
    {
        var ex = Assert.Throws<ArgumentException>(() => Adapter(new TelemetrySubscription { Source = "sp", Topic = "plant/#", Shape = ReadingsShape.SparkplugB }));

        Assert.Contains("subscription 0 (sp): a SparkplugB subscription's topic starts with spBv1.0/, for example spBv1.0/# or spBv1.0/plant1/#; 'plant/#' does not", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapter_SparkplugWithSharedGroup_RefusedBecauseSeqNeedsEveryMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Adapter(new TelemetrySubscription { Source = "sp", Topic = "spBv1.0/#", Shape = ReadingsShape.SparkplugB, SharedGroup = "hubs" }));

        Assert.Contains("cannot use SharedGroup 'hubs': one hub must see every message of an edge node to follow its seq", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_SparkplugWithoutReadingsPath_IsAccepted()
    {
        await using var adapter = Adapter(new TelemetrySubscription { Source = "sp", Topic = "spBv1.0/plant1/#", Shape = ReadingsShape.SparkplugB });

        Assert.Equal(0, adapter.GetStatus().Counts["rebirthRequests"]);
    }

    private static MqttTelemetryAdapter Adapter(TelemetrySubscription subscription) =>
        new("mqtt", TestClients.Options(1883, MqttProtocolVersion.V500), [subscription], new NoSink());

    private sealed class NoSink : ITelemetrySink
    {
        public Task<int> StoreAsync(IReadOnlyList<Abstractions.SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("nothing is received in these tests");
    }
}
