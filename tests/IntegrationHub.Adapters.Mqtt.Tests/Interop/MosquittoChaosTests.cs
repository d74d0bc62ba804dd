using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>Connections cut again and again while QoS 1/2 messages flow both ways through a persistent session: none may go missing.</summary>
public sealed class MosquittoChaosTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    [Theory]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.ExactlyOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce)]
    public async Task RepeatedConnectionCuts_PersistentSessions_EveryMessageArrives(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        const int total = 2000;
        string topic = "chaos/" + TestClients.NewId("c");
        var seen = new ConcurrentDictionary<int, int>();
        var collector = new MessageCollector
        {
            Before = (message, _) =>
            {
                seen.AddOrUpdate(int.Parse(Encoding.UTF8.GetString(message.Payload.Span), CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return ValueTask.CompletedTask;
            },
        };
        await using var subscriberLink = new TcpForwarder(fixture.Broker.Port);
        await using var publisherLink = new TcpForwarder(fixture.Broker.Port);
        MqttClientOptions Persistent(int port, string prefix) => TestClients.Options(port, version, TestClients.NewId(prefix)) with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            Reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(20), MaximumDelay = TimeSpan.FromMilliseconds(200) },
        };

        await using MqttClient subscriber = await TestClients.ConnectAsync(Persistent(subscriberLink.Port, "sub"), collector);
        await subscriber.SubscribeAsync(topic, qos);
        await using MqttClient publisher = await TestClients.ConnectAsync(Persistent(publisherLink.Port, "pub"));

        using var stop = new CancellationTokenSource();
        int cuts = 0;
        Task chaos = Task.Run(async () =>
        {
            var random = new Random(42);
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(random.Next(30, 120));
                (random.Next(2) == 0 ? subscriberLink : publisherLink).CutAll();
                cuts++;
            }
        });

        var publishes = new List<Task<MqttPublishResult>>();
        for (int i = 0; i < total; i++)
        {
            publishes.Add(publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), qos)));
            if (publishes.Count == 100)
            {
                Assert.All(await Task.WhenAll(publishes).WaitAsync(TimeSpan.FromSeconds(60)), r => Assert.Equal(0, r.ReasonCode));
                publishes.Clear();
            }
        }

        Assert.All(await Task.WhenAll(publishes).WaitAsync(TimeSpan.FromSeconds(60)), r => Assert.Equal(0, r.ReasonCode));
        await stop.CancelAsync();
        await chaos;
        await Eventually.WaitAsync(() => seen.Count == total, TimeSpan.FromSeconds(60),
            () => $"missing {total - seen.Count} after {cuts} cuts: {string.Join(",", Enumerable.Range(0, total).Where(i => !seen.ContainsKey(i)).Take(10))}");
        Assert.True(cuts >= 3, $"only {cuts} cuts");
        if (qos == MqttQualityOfService.ExactlyOnce)
        {
            // On failure, say which payloads came twice and what mosquitto said about our packet ids (a "Reused
            // message ID" warning would mean a publisher sent a PUBLISH after the broker released its id).
            int[] twice = [.. seen.Where(pair => pair.Value != 1).Select(pair => pair.Key).Order()];
            Assert.True(twice.Length == 0, $"{twice.Length} delivered more than once after {cuts} cuts: {string.Join(",", twice.Take(40))}; broker: "
                + string.Join(" | ", fixture.Broker.ReadLog().Split('\n').Where(l => l.Contains("message ID", StringComparison.OrdinalIgnoreCase) || l.Contains("duplicate", StringComparison.OrdinalIgnoreCase)).Take(10)));
        }
    }
}
