using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// Our outbound topic aliases against mosquitto's max_topic_alias: the broker resolves them (a subscriber gets every
/// full topic), the bytes on the wire shrink by what the aliases save, and with max_topic_alias 0 none is sent
/// (mosquitto would close the connection with 0x94 "topic alias invalid" and the messages would not arrive).
/// </summary>
public sealed class MosquittoTopicAliasTests
{
    private const int Topics = 5;
    private const int Rounds = 20;
    private const string Prefix = "plant/site-1/line-2/";   // with "asset-N/telemetry": 38 characters

    [Fact]
    public async Task Publish_BrokerAllowsThreeAliases_SubscriberGetsFullTopicsAndTheWireShrinks()
    {
        (long withAliases, ushort announced) = await PublishThroughAsync(maxTopicAlias: 3);
        (long without, ushort announcedNone) = await PublishThroughAsync(maxTopicAlias: 0);
        Assert.Equal((ushort)3, announced);
        Assert.Equal((ushort)0, announcedNone);

        // Three topics get an alias: the first PUBLISH to each carries 3 more bytes (23 00 0N), each of the 19 repeats
        // carries an empty topic plus those 3 bytes instead of the topic. PINGREQs (2 bytes) may differ between runs.
        int topicLength = (Prefix + "asset-0/telemetry").Length;
        long expectedSaving = 3 * (((Rounds - 1) * (topicLength - 3)) - 3);
        Assert.InRange(without - withAliases, expectedSaving - 8, expectedSaving + 8);
    }

    private static async Task<(long BytesSent, ushort Announced)> PublishThroughAsync(int maxTopicAlias)
    {
        await using MosquittoBroker broker = await MosquittoBroker.StartAsync(new MosquittoOptions { MaxTopicAlias = maxTopicAlias });
        var collector = new MessageCollector();
        await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(broker.Port, MqttProtocolVersion.V500), collector);
        await subscriber.SubscribeAsync(Prefix + "#", MqttQualityOfService.AtLeastOnce);

        await using var forwarder = new TcpForwarder(broker.Port);
        await using var publisher = new MqttClient(TestClients.Options(forwarder.Port, MqttProtocolVersion.V500), (_, _) => ValueTask.CompletedTask);
        MqttConnectResult connected = await publisher.ConnectAsync();
        for (int round = 0; round < Rounds; round++)
        {
            for (int asset = 0; asset < Topics; asset++)
            {
                MqttPublishResult result = await publisher.PublishAsync(new MqttApplicationMessage($"{Prefix}asset-{asset}/telemetry", "{\"t\":21.5}"u8.ToArray()));
                Assert.True(result.IsSuccess, result.ReasonCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        await collector.WaitForCountAsync(Topics * Rounds);
        Assert.All(
            Enumerable.Range(0, Topics),
            asset => Assert.Equal(Rounds, collector.Messages.Count(m => m.Topic == $"{Prefix}asset-{asset}/telemetry")));
        Assert.Equal(0, publisher.Health.Reconnects);
        return (forwarder.BytesUpstream, connected.ServerTopicAliasMaximum);
    }
}
