using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>MQTT 5.0 features and shared subscriptions, the suite every 5.0 broker must pass (aedes speaks 3.1.1 only).</summary>
public abstract class BrokerV5Tests
{
    protected abstract int Port { get; }

    [Fact]
    public async Task Publish_V5Properties_ArriveIntact()
    {
        string topic = $"v5/{TestClients.NewId("p")}";
        var collector = new MessageCollector();
        await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500), collector);
        await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500));
        MqttPublishResult result = await publisher.PublishAsync(new MqttApplicationMessage(topic, "{\"t\":21.5}"u8.ToArray())
        {
            UserProperties = [new("site", "plant-1"), new("site", "plant-2"), new("unit", "°C")],
            MessageExpirySeconds = 3600,
            ContentType = "application/json",
            ResponseTopic = "reply/here",
            CorrelationData = new byte[] { 1, 2, 3 },
            PayloadIsUtf8 = true,
        });
        Assert.True(result.IsSuccess);

        await collector.WaitForCountAsync(1);
        MqttApplicationMessage m = collector.Messages[0];
        Assert.Equal([new("site", "plant-1"), new("site", "plant-2"), new("unit", "°C")], m.UserProperties);
        Assert.InRange(m.MessageExpirySeconds!.Value, 3590u, 3600u);
        Assert.Equal("application/json", m.ContentType);
        Assert.Equal("reply/here", m.ResponseTopic);
        Assert.Equal(new byte[] { 1, 2, 3 }, m.CorrelationData!.Value.ToArray());
        Assert.True(m.PayloadIsUtf8);
    }

    [Fact]
    public async Task Publish_NoMatchingSubscribers_V5ReasonCodeReported()
    {
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500));
        MqttPublishResult result = await publisher.PublishAsync(new MqttApplicationMessage($"nobody/{TestClients.NewId("n")}", "x"u8.ToArray()));

        // mosquitto 2.0 and MQTTnet.Server 5.2 answer 0x10 "no matching subscribers"; still a success.
        Assert.True(result.IsSuccess);
        Assert.Equal(0x10, result.ReasonCode);
    }

    [Fact]
    public async Task Subscribe_NoLocal_OwnMessagesAreNotEchoed()
    {
        string topic = $"nolocal/{TestClients.NewId("n")}";
        var collector = new MessageCollector();
        await using MqttClient client = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500), collector);
        await client.SubscribeAsync([new MqttSubscription(topic) { NoLocal = true }]);
        await client.PublishAsync(new MqttApplicationMessage(topic, "mine"u8.ToArray()));
        await using MqttClient other = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500));
        await other.PublishAsync(new MqttApplicationMessage(topic, "theirs"u8.ToArray()));
        await collector.WaitForCountAsync(1);
        await client.PublishAsync(new MqttApplicationMessage(topic, "mine-again"u8.ToArray()));
        await other.PublishAsync(new MqttApplicationMessage(topic, "theirs-again"u8.ToArray()));
        await collector.WaitForCountAsync(2);
        Assert.Equal(["theirs", "theirs-again"], collector.Payloads);
    }

    [Fact]
    public async Task Subscribe_RetainHandlingDoNotSend_SkipsRetainedMessage()
    {
        string topic = $"rh/{TestClients.NewId("r")}";
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500));
        await publisher.PublishAsync(new MqttApplicationMessage(topic, "old"u8.ToArray()) { Retain = true });
        var collector = new MessageCollector();
        await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500), collector);
        await subscriber.SubscribeAsync([new MqttSubscription(topic) { RetainHandling = MqttRetainHandling.DoNotSend }]);
        await publisher.PublishAsync(new MqttApplicationMessage(topic, "new"u8.ToArray()));
        await collector.WaitForCountAsync(1);
        Assert.Equal(["new"], collector.Payloads);
        await publisher.PublishAsync(new MqttApplicationMessage(topic, ReadOnlyMemory<byte>.Empty) { Retain = true });
    }

    [Fact]
    public virtual async Task SharedSubscription_TwoClientsOfMixedVersions_SplitTheStreamWithoutLossOrDuplicates()
    {
        const int count = 200;
        string group = TestClients.NewId("g");
        string topic = $"shared/{group}";
        var first = new MessageCollector();
        var second = new MessageCollector();
        await using MqttClient a = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500), first);
        await using MqttClient b = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V311), second);
        Assert.True((await a.SubscribeAsync($"$share/{group}/{topic}/#", MqttQualityOfService.AtLeastOnce)).IsSuccess);
        Assert.True((await b.SubscribeAsync($"$share/{group}/{topic}/#", MqttQualityOfService.AtLeastOnce)).IsSuccess);

        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500));
        for (int i = 0; i < count; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessage($"{topic}/{i % 10}", Encoding.UTF8.GetBytes("s" + i)));
        }

        await Eventually.WaitAsync(() => first.Count + second.Count >= count, TimeSpan.FromSeconds(30), () => $"{first.Count}+{second.Count}");
        Assert.True(first.Count > 0 && second.Count > 0, $"not shared: {first.Count} / {second.Count}");
        Assert.Equal(Enumerable.Range(0, count).Select(i => "s" + i).Order(), first.Payloads.Concat(second.Payloads).Order());
    }

    [Fact]
    public async Task Publish_RepeatedTopics_OutboundAliasesResolvedByTheBroker_SubscriberGetsFullTopics()
    {
        const int topics = 5;
        const int rounds = 20;
        string root = $"alias/{TestClients.NewId("a")}";
        var collector = new MessageCollector();
        await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(Port, MqttProtocolVersion.V500), collector);
        await subscriber.SubscribeAsync(root + "/#", MqttQualityOfService.AtLeastOnce);
        await using var publisher = new MqttClient(TestClients.Options(Port, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        MqttConnectResult connected = await publisher.ConnectAsync();
        Assert.True(connected.ServerTopicAliasMaximum > 0, "the broker announced no topic aliases; this test would not use any");

        for (int round = 0; round < rounds; round++)
        {
            for (int asset = 0; asset < topics; asset++)
            {
                MqttPublishResult result = await publisher.PublishAsync(new MqttApplicationMessage($"{root}/asset-{asset}/telemetry", Encoding.UTF8.GetBytes($"{round}")));
                Assert.True(result.IsSuccess, result.ReasonString);
            }
        }

        await collector.WaitForCountAsync(topics * rounds);
        Assert.All(
            Enumerable.Range(0, topics),
            asset => Assert.Equal(Enumerable.Range(0, rounds).Select(r => $"{r}"), collector.Messages.Where(m => m.Topic == $"{root}/asset-{asset}/telemetry").Select(m => Encoding.UTF8.GetString(m.Payload.Span))));
        Assert.Equal(0, publisher.Health.Reconnects);
    }

    [Fact]
    public async Task Connect_EmptyClientIdV5_BrokerAssignsOne()
    {
        await using var client = new MqttClient(TestClients.Options(Port, MqttProtocolVersion.V500, clientId: string.Empty), (_, _) => ValueTask.CompletedTask);
        MqttConnectResult result = await client.ConnectAsync();
        Assert.False(string.IsNullOrEmpty(result.AssignedClientId));
        Assert.False(result.SessionPresent);
    }
}
