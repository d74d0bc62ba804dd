using System.Text;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Tests.Common;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>The interop suite every broker must pass; subclasses say which broker and which protocol versions.</summary>
public abstract class BrokerInteropTests
{
    protected abstract int Port { get; }

    protected abstract IReadOnlyList<MqttProtocolVersion> Versions { get; }

    [Fact]
    public async Task PublishSubscribe_EveryQoS_EachMessageDeliveredExactlyOnceWithPayload()
    {
        const int count = 100;
        foreach (MqttProtocolVersion subscriberVersion in Versions)
        {
            foreach (MqttProtocolVersion publisherVersion in Versions)
            {
                for (int q = 0; q <= 2; q++)
                {
                    var qos = (MqttQualityOfService)q;
                    string topic = $"it/{TestClients.NewId("t")}";
                    var collector = new MessageCollector();
                    await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(Port, subscriberVersion), collector);
                    MqttSubscribeResult granted = await subscriber.SubscribeAsync(topic + "/#", qos);
                    Assert.True(granted.IsSuccess, granted.Description);
                    Assert.Equal(qos, granted.GrantedQoS);

                    await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, publisherVersion));
                    var sends = new List<Task<MqttPublishResult>>();
                    for (int i = 0; i < count; i++)
                    {
                        sends.Add(publisher.PublishAsync(new MqttApplicationMessage($"{topic}/{i % 3}", Encoding.UTF8.GetBytes("m" + i), qos)));
                    }

                    MqttPublishResult[] results = await Task.WhenAll(sends);
                    Assert.All(results, r => Assert.True(r.IsSuccess));
                    await collector.WaitForCountAsync(count);
                    Assert.Equal(Enumerable.Range(0, count).Select(i => "m" + i).Order(), collector.Payloads.Order());
                    Assert.All(collector.Messages, m => Assert.Equal(qos, m.QoS));
                    await Eventually.WaitAsync(() => subscriber.Health.MessagesReceived == count, TimeSpan.FromSeconds(10), () => subscriber.Health.MessagesReceived + " counted"); // counted on acknowledgement, after the handler
                    Assert.Equal(count, publisher.Health.MessagesPublished);
                }
            }
        }
    }

    [Fact]
    public async Task SequentialRequests_AnswersDoNotWaitForReceiveCoalescing()
    {
        // The coalescing wait runs on the client's TimeProvider. With a clock that never moves, a wait that is not
        // cut short never ends: an answer (PUBACK, SUBACK) held back by it would hang this loop. No wall-clock bound
        // (issue 16, flaky under load at "200 round trips < 1 s"); the overall timeout only guards against a hang.
        const int requests = 100;
        foreach (MqttProtocolVersion version in Versions)
        {
            string topic = $"answers/{TestClients.NewId("a")}";
            var frozen = new ManualTimeProvider();
            await using MqttClient client = await TestClients.ConnectAsync(TestClients.Options(Port, version) with
            {
                ReceiveCoalescing = TimeSpan.FromMilliseconds(20),
                TimeProvider = frozen,
            });
            int completed = 0;
            Task roundTrips = Task.Run(async () =>
            {
                for (int i = 0; i < requests; i++)
                {
                    MqttPublishResult result = await client.PublishAsync(new MqttApplicationMessage(topic, "x"u8.ToArray(), MqttQualityOfService.AtLeastOnce));
                    Assert.True(result.IsSuccess, result.ReasonString);
                    MqttSubscribeResult granted = await client.SubscribeAsync(topic + "/" + i, MqttQualityOfService.AtMostOnce);
                    Assert.True(granted.IsSuccess, granted.Description);
                    Interlocked.Increment(ref completed);
                }
            });
            try
            {
                await roundTrips.WaitAsync(TimeSpan.FromSeconds(120));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{version}: an answer waited for the coalescing timer; {Volatile.Read(ref completed)} of {requests} round-trip pairs completed.");
            }

            Assert.Equal(TimeSpan.Zero, frozen.Elapsed);
        }
    }

    [Fact]
    public async Task Handler_BlocksOnItsOwnQos1Publish_CompletesBecauseReceivingGoesOn()
    {
        // The handler runs on the dispatch thread; the PUBACK it waits for is read by the receive thread.
        foreach (MqttProtocolVersion version in Versions)
        {
            string topic = $"blocking/{TestClients.NewId("b")}";
            MqttClient? client = null;
            var forwarded = new TaskCompletionSource<MqttPublishResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var self = new MqttClient(TestClients.Options(Port, version), (message, cancellationToken) =>
            {
                if (message.Topic == topic + "/in")
                {
                    MqttPublishResult result = client!.PublishAsync(new MqttApplicationMessage(topic + "/out", message.Payload.ToArray(), MqttQualityOfService.AtLeastOnce), cancellationToken)
                        .GetAwaiter().GetResult();
                    forwarded.TrySetResult(result);
                }

                return ValueTask.CompletedTask;
            });
            client = self;
            await self.ConnectAsync();
            await self.SubscribeAsync(topic + "/in", MqttQualityOfService.AtLeastOnce);
            var collector = new MessageCollector();
            await using MqttClient listener = await TestClients.ConnectAsync(TestClients.Options(Port, version), collector);
            await listener.SubscribeAsync(topic + "/out", MqttQualityOfService.AtLeastOnce);

            await listener.PublishAsync(new MqttApplicationMessage(topic + "/in", "ping"u8.ToArray(), MqttQualityOfService.AtLeastOnce));
            MqttPublishResult forwardedResult = await forwarded.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(forwardedResult.IsSuccess, forwardedResult.ReasonString);
            await collector.WaitForCountAsync(1);
            Assert.Equal("ping", Encoding.UTF8.GetString(collector.Messages[0].Payload.Span));
        }
    }

    [Fact]
    public async Task Retained_LateSubscriber_ReceivesItWithRetainFlag()
    {
        foreach (MqttProtocolVersion version in Versions)
        {
            string topic = $"retained/{TestClients.NewId("r")}";
            await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, version));
            await publisher.PublishAsync(new MqttApplicationMessage(topic, "state-1"u8.ToArray()) { Retain = true });

            var collector = new MessageCollector();
            await using MqttClient subscriber = await TestClients.ConnectAsync(TestClients.Options(Port, version), collector);
            await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
            await collector.WaitForCountAsync(1);
            MqttApplicationMessage message = Assert.Single(collector.Messages);
            Assert.True(message.Retain);
            Assert.Equal("state-1", Encoding.UTF8.GetString(message.Payload.Span));

            // An empty retained message clears it.
            await publisher.PublishAsync(new MqttApplicationMessage(topic, ReadOnlyMemory<byte>.Empty) { Retain = true });
        }
    }

    [Fact]
    public async Task Unsubscribe_OneOfTwoFilters_OnlyTheOtherStillDelivers()
    {
        foreach (MqttProtocolVersion version in Versions)
        {
            string root = $"unsub/{TestClients.NewId("u")}";
            var collector = new MessageCollector();
            await using MqttClient client = await TestClients.ConnectAsync(TestClients.Options(Port, version), collector);
            IReadOnlyList<MqttSubscribeResult> subscribed = await client.SubscribeAsync(
                [new MqttSubscription(root + "/a", MqttQualityOfService.AtLeastOnce), new MqttSubscription(root + "/b", MqttQualityOfService.AtMostOnce)]);
            Assert.Equal([MqttQualityOfService.AtLeastOnce, MqttQualityOfService.AtMostOnce], subscribed.Select(r => r.GrantedQoS!.Value));

            IReadOnlyList<MqttSubscribeResult> unsubscribed = await client.UnsubscribeAsync([root + "/a"]);
            Assert.True(Assert.Single(unsubscribed).IsSuccess);
            await client.PublishAsync(new MqttApplicationMessage(root + "/a", "gone"u8.ToArray()));
            await client.PublishAsync(new MqttApplicationMessage(root + "/b", "marker"u8.ToArray()));
            await collector.WaitForCountAsync(1);

            // Messages on one connection arrive in order: the marker comes after anything for /a would have.
            Assert.Equal(["marker"], collector.Payloads);
        }
    }

    [Fact]
    public async Task PersistentSession_MessagesPublishedWhileOffline_ArriveAfterReconnect()
    {
        const int count = 50;
        foreach (MqttProtocolVersion version in Versions)
        {
            string id = TestClients.NewId("persist");
            string topic = $"persist/{id}";
            MqttClientOptions options = TestClients.Options(Port, version, id) with { CleanStart = true, SessionExpirySeconds = 600 };
            if (version == MqttProtocolVersion.V311)
            {
                options = options with { CleanStart = false };
            }

            await using (MqttClient first = await TestClients.ConnectAsync(options))
            {
                await first.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
                await first.DisconnectAsync();
            }

            await using (MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, version)))
            {
                for (int i = 0; i < count; i++)
                {
                    await publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes("o" + i)));
                }
            }

            var collector = new MessageCollector();
            await using MqttClient again = new(options with { CleanStart = false }, collector.HandleAsync);
            MqttConnectResult result = await again.ConnectAsync();
            Assert.True(result.SessionPresent);
            await collector.WaitForCountAsync(count);
            Assert.Equal(Enumerable.Range(0, count).Select(i => "o" + i), collector.Payloads);
        }
    }

    [Fact]
    public async Task HandlerFailure_MessageNotAcknowledged_RedeliveredAfterReconnect()
    {
        foreach (MqttProtocolVersion version in Versions)
        {
            string id = TestClients.NewId("fail");
            string topic = $"fail/{id}";
            int attempts = 0;
            var collector = new MessageCollector
            {
                Before = (message, _) =>
                {
                    if (Encoding.UTF8.GetString(message.Payload.Span) == "poison-once" && Interlocked.Increment(ref attempts) == 1)
                    {
                        throw new InvalidOperationException("store unavailable");
                    }

                    return ValueTask.CompletedTask;
                },
            };
            MqttClientOptions options = TestClients.Options(Port, version, id) with { CleanStart = version == MqttProtocolVersion.V500, SessionExpirySeconds = 600 };
            await using MqttClient subscriber = await TestClients.ConnectAsync(options, collector);
            await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
            await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, version));
            await publisher.PublishAsync(new MqttApplicationMessage(topic, "poison-once"u8.ToArray()));

            await collector.WaitForCountAsync(1);
            Assert.Equal(2, Volatile.Read(ref attempts));
            MqttApplicationMessage redelivered = Assert.Single(collector.Messages);
            Assert.Equal("poison-once", Encoding.UTF8.GetString(redelivered.Payload.Span));
            Assert.True(subscriber.Health.Reconnects >= 1);
            Assert.Contains("store unavailable", subscriber.Health.LastError ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SlowHandler_InboundQueueStaysBounded_AndEverythingArrivesAfterwards()
    {
        const int count = 2000;
        const int capacity = 8;
        MqttProtocolVersion version = Versions[0];
        string topic = $"slow/{TestClients.NewId("s")}";
        using var gate = new SemaphoreSlim(0);
        int maxQueued = 0;
        MqttClient? subscriberRef = null;
        var collector = new MessageCollector
        {
            Before = async (_, ct) =>
            {
                int queued = subscriberRef!.Health.InboundQueued;
                InterlockedMax(ref maxQueued, queued);
                await gate.WaitAsync(ct);
            },
        };
        MqttClientOptions options = TestClients.Options(Port, version) with { InboundQueueCapacity = capacity };
        await using MqttClient subscriber = new(options, collector.HandleAsync);
        subscriberRef = subscriber;
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        await using MqttClient publisher = await TestClients.ConnectAsync(TestClients.Options(Port, version));
        Task<MqttPublishResult[]> publishing = Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            publisher.PublishAsync(new MqttApplicationMessage(topic, Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))))));

        // The handler is stuck on the first message: the queue fills to its capacity and no further.
        await Eventually.WaitAsync(() => subscriber.Health.InboundQueued >= capacity, TimeSpan.FromSeconds(30), () => "queue never filled");
        Assert.Equal(capacity, subscriber.Health.InboundQueued);
        Assert.Equal(0, collector.Count);

        gate.Release(count + 10);
        await collector.WaitForCountAsync(count, TimeSpan.FromSeconds(60));
        await publishing;
        Assert.True(maxQueued <= capacity, $"queue reached {maxQueued}");
        Assert.Equal(count, collector.Payloads.Distinct().Count());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
