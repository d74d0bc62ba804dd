using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The batch handler, which lets a subscriber store many messages in one transaction before acknowledging them.</summary>
public sealed class MosquittoBatchDispatchTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task BatchHandler_SlowStore_GetsMessagesInOrderInBatchesAndAllOfThem()
    {
        const int count = 1_000;
        var topic = "batch/" + TestClients.NewId("b");
        var received = new ConcurrentQueue<string>();
        var sizes = new ConcurrentQueue<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new MqttClient(
            TestClients.Options(_broker.Port, MqttProtocolVersion.V500, TestClients.NewId("bsub")),
            async (batch, ct) =>
            {
                sizes.Enqueue(batch.Count);
                await Task.Delay(20, ct); // a store's commit: messages pile up meanwhile
                foreach (var message in batch)
                {
                    received.Enqueue(Encoding.UTF8.GetString(message.Payload.Span));
                }

                if (received.Count >= count)
                {
                    done.TrySetResult();
                }
            },
            maxBatchSize: 64);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);

        await using (var publisher = await TestClients.ConnectAsync(TestClients.Options(_broker.Port, MqttProtocolVersion.V500)))
        {
            for (var i = 0; i < count; i++)
            {
                await publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))));
            }
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)), received);
        Assert.True(sizes.Max() > 1, "no batch held more than one message");
        Assert.True(sizes.Max() <= 64, $"a batch held {sizes.Max()} messages, more than the 64 allowed");

        // Counted when acknowledged, which follows the handler's completion on the dispatch thread.
        await Eventually.WaitAsync(() => subscriber.Health.MessagesReceived == count, TimeSpan.FromSeconds(10), () => subscriber.Health.MessagesReceived + " counted");
    }

    [Fact]
    public async Task BatchHandler_Throws_NothingAcknowledgedAndTheBatchIsRedelivered()
    {
        const int count = 50;
        var topic = "batchfail/" + TestClients.NewId("f");
        var stored = new ConcurrentDictionary<string, int>();
        var failures = 0;
        var log = new ListLogger();
        var options = TestClients.Options(_broker.Port, MqttProtocolVersion.V500, TestClients.NewId("bfail")) with
        {
            CleanStart = false,
            SessionExpirySeconds = 600,
            Logger = log,
        };
        await using var subscriber = new MqttClient(
            options,
            (batch, _) =>
            {
                if (Interlocked.Increment(ref failures) == 1)
                {
                    throw new InvalidOperationException("store unavailable");
                }

                foreach (var message in batch)
                {
                    stored.AddOrUpdate(Encoding.UTF8.GetString(message.Payload.Span), 1, (_, n) => n + 1);
                }

                return ValueTask.CompletedTask;
            },
            maxBatchSize: 100);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);

        await using (var publisher = await TestClients.ConnectAsync(TestClients.Options(_broker.Port, MqttProtocolVersion.V500)))
        {
            for (var i = 0; i < count; i++)
            {
                await publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))));
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (stored.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, stored.Count);
        Assert.True(subscriber.Health.Reconnects >= 1);
        var handlerFailure = Assert.Single(log.Entries, e => e.EventId == 4306);
        Assert.Contains("store unavailable", handlerFailure.Message, StringComparison.Ordinal);
        Assert.Contains("not acknowledged", handlerFailure.Message, StringComparison.Ordinal);
        Assert.Contains("store unavailable", subscriber.Health.LastError ?? string.Empty, StringComparison.Ordinal);
    }
}
