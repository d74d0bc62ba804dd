using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Our in-flight window against a mosquitto with its default max_inflight_messages (20), which MQTT 3.1.1 cannot announce (issue 16 item 14).</summary>
public sealed class MosquittoInflightTests
{
    [Fact]
    public async Task V311Qos2Burst_DefaultInflightLimit_EveryMessageArrivesOnce()
    {
        const int total = 1000;
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoOptions { MaxInflightMessages = 20 });
        string topic = "inflight/" + TestClients.NewId("t");
        var seen = new ConcurrentDictionary<int, int>();
        var collector = new MessageCollector
        {
            Before = (message, _) =>
            {
                seen.AddOrUpdate(int.Parse(Encoding.UTF8.GetString(message.Payload.Span), CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return ValueTask.CompletedTask;
            },
        };
        await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(broker.Port, MqttProtocolVersion.V500), collector);
        Assert.True((await subscriber.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce)).IsSuccess);
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(broker.Port, MqttProtocolVersion.V311));

        // All at once: the client's window decides how many are in flight.
        MqttPublishResult[] results = await Task.WhenAll(Enumerable.Range(0, total).Select(i => publisher.PublishAsync(
            new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), MqttQualityOfService.ExactlyOnce))))
            .WaitAsync(TimeSpan.FromSeconds(120));
        Assert.All(results, r => Assert.True(r.IsSuccess));

        await Eventually.WaitAsync(() => seen.Count == total, TimeSpan.FromSeconds(60),
            () => $"{seen.Count} of {total} arrived; missing e.g. {string.Join(",", Enumerable.Range(0, total).Where(i => !seen.ContainsKey(i)).Take(10))}");
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
    }
}
