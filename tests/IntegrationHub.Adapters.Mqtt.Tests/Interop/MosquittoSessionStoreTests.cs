using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>
/// A new client instance resuming a persistent session, as the hub does after every restart (issue 16 item 16):
/// with the session state in a store that outlives the instance, nothing is lost, repeated or swallowed.
/// </summary>
public sealed class MosquittoSessionStoreTests(MosquittoFixture fixture) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task PublisherKilledMidFlight_NewInstanceWithSameStore_EveryMessageArrivesOnce(MqttProtocolVersion version)
    {
        const int perInstance = 200;
        string topic = "store/" + TestClients.NewId("t");
        var seen = new ConcurrentDictionary<int, int>();
        var collector = new MessageCollector
        {
            Before = (message, _) =>
            {
                seen.AddOrUpdate(int.Parse(Encoding.UTF8.GetString(message.Payload.Span), CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return ValueTask.CompletedTask;
            },
        };
        await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500), collector);
        Assert.True((await subscriber.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce)).IsSuccess);

        var store = new DurableTestStore();
        string clientId = TestClients.NewId("pub");
        MqttClientOptions Options(int port) => TestClients.Options(port, version, clientId) with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            SessionStore = store,
        };

        // The first instance is cut off from the broker while its publications are in flight, and disposed without
        // DISCONNECT: the broker keeps the session with some of our packet ids, the store keeps ours. Some complete
        // first; then the broker's answers are held back, so the rest cannot complete before the cut, however fast
        // the machine (waiting for a count of completions and then cutting let all 200 complete at times).
        var link = new TcpForwarder(fixture.Broker.Port);
        MqttClient first = await TestClients.ConnectAsync(Options(link.Port));
        List<Task<MqttPublishResult>> firstPublishes = [.. Enumerable.Range(0, 10).Select(i => Publish(first, topic, i))];
        Assert.All(await Task.WhenAll(firstPublishes).WaitAsync(HangGuard), r => Assert.True(r.IsSuccess));
        link.HoldDownstream();
        long sent = link.BytesUpstream;
        firstPublishes.AddRange(Enumerable.Range(10, perInstance - 10).Select(i => Publish(first, topic, i)));
        await Eventually.WaitAsync(() => link.BytesUpstream >= sent + topic.Length, HangGuard, () => "no publication went out after the answers were held back");
        await link.DisposeAsync();
        await first.DisposeAsync();
        Assert.Contains(firstPublishes, t => !t.IsCompletedSuccessfully);

        // The second instance resumes the session with the same store, and publishes more.
        await using MqttClient second = await TestClients.ConnectAsync(Options(fixture.Broker.Port));
        MqttPublishResult[] results = await Task.WhenAll(Enumerable.Range(perInstance, perInstance).Select(i => Publish(second, topic, i))).WaitAsync(HangGuard);
        Assert.All(results, r => Assert.True(r.IsSuccess));

        // Every message of the second instance (none swallowed as a "duplicate" of an id the broker still held for
        // the first), every one the first instance saw acknowledged, and those it had in flight, resent by the
        // second; a publication still waiting for the in-flight window never entered the session and is not sent.
        int[] expected = [.. Enumerable.Range(0, perInstance).Where(i => firstPublishes[i].IsCompletedSuccessfully), .. Enumerable.Range(perInstance, perInstance)];
        await Eventually.WaitAsync(() => expected.All(seen.ContainsKey) && store.OutgoingCount(clientId) == 0, HangGuard,
            () => $"{expected.Count(seen.ContainsKey)} of {expected.Length} arrived, {store.OutgoingCount(clientId)} left in the store; missing e.g. {string.Join(",", expected.Where(i => !seen.ContainsKey(i)).Take(10))}");
        Assert.Contains(Enumerable.Range(0, perInstance), i => !firstPublishes[i].IsCompletedSuccessfully && seen.ContainsKey(i));
        Assert.All(seen, pair => Assert.Equal(1, pair.Value));
        await Eventually.WaitAsync(() => store.OutgoingCount(clientId) == 0, HangGuard, () => $"{store.OutgoingCount(clientId)} publications left in the store");
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Qos2HandledThenCrashBeforePubComp_NewInstanceWithSameStore_DoesNotHandleItAgain(MqttProtocolVersion version)
    {
        string topic = "store/" + TestClients.NewId("in");
        var store = new DurableTestStore();
        string clientId = TestClients.NewId("sub");
        MqttClientOptions Options(int port) => TestClients.Options(port, version, clientId) with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            SessionStore = store,
        };

        // The first instance handles the message, and the process "dies" before the broker hears of it: the link is
        // cut from inside the handler, so its PUBREC never reaches the broker, which will deliver it again.
        var link = new TcpForwarder(fixture.Broker.Port);
        var firstHandled = new ConcurrentQueue<string>();
        var firstCollector = new MessageCollector
        {
            Before = async (message, _) =>
            {
                firstHandled.Enqueue(Encoding.UTF8.GetString(message.Payload.Span));
                await link.DisposeAsync();
            },
        };
        MqttClient first = await TestClients.ConnectAsync(Options(link.Port), firstCollector);
        Assert.True((await first.SubscribeAsync(topic, MqttQualityOfService.ExactlyOnce)).IsSuccess);
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(fixture.Broker.Port, MqttProtocolVersion.V500));
        Assert.True((await publisher.PublishAsync(new MqttApplicationMessage(topic, "one"u8.ToArray(), MqttQualityOfService.ExactlyOnce))).IsSuccess);
        await Eventually.WaitAsync(() => firstCollector.Count == 1, HangGuard, () => "the first instance never handled the message");
        await first.DisposeAsync();
        Assert.Equal(["one"], firstHandled);

        // The second instance resumes: the broker redelivers "one" (DUP), then "two". Only "two" is new to us.
        var secondCollector = new MessageCollector();
        await using MqttClient second = await TestClients.ConnectAsync(Options(fixture.Broker.Port), secondCollector);
        Assert.True((await publisher.PublishAsync(new MqttApplicationMessage(topic, "two"u8.ToArray(), MqttQualityOfService.ExactlyOnce))).IsSuccess);
        await Eventually.WaitAsync(() => secondCollector.Payloads.Contains("two"), HangGuard, () => $"second instance got [{string.Join(",", secondCollector.Payloads)}]");
        Assert.Equal(["two"], secondCollector.Payloads);
        await Eventually.WaitAsync(() => store.InboundCount(clientId) == 0, HangGuard, () => $"{store.InboundCount(clientId)} inbound ids left in the store");
    }

    private static Task<MqttPublishResult> Publish(MqttClient client, string topic, int i)
        => client.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), MqttQualityOfService.ExactlyOnce));
}
