using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

[Collection(MesServerCollection.Name)]
public sealed class SubscriptionTests(MesOpcUaServerFixture fixture)
{
    private readonly CancellationToken _ct = TestTimeout.Token();

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    private Task<OpcUaClient> ConnectAsync() =>
        OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = fixture.Server.EndpointUrl }, _ct);

    private static readonly SubscriptionOptions Fast = new() { PublishingInterval = TimeSpan.FromMilliseconds(100), MaxKeepAliveCount = 5 };

    internal static async Task<List<MonitoredItemValue>> CollectAsync(OpcUaSubscription subscription, int count, TimeSpan within, CancellationToken ct, Func<MonitoredItemValue, bool>? where = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(within);
        var values = new List<MonitoredItemValue>();
        try
        {
            while (values.Count < count)
            {
                var v = await subscription.Values.ReadAsync(cts.Token);
                if (where is null || where(v))
                {
                    values.Add(v);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Return what arrived; the caller asserts the count.
        }

        return values;
    }

    [Fact]
    public async Task Subscribe_Counter_IncreasingValuesArrive()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        var items = await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter")) { SamplingInterval = TimeSpan.FromMilliseconds(50) }], _ct);
        Assert.True(items[0].Status.IsGood, items[0].Status.ToString());
        Assert.True(subscription.Id > 0);
        var values = await CollectAsync(subscription, 6, TimeSpan.FromSeconds(10), _ct);
        Assert.Equal(6, values.Count);
        var numbers = values.Select(v => (int)v.Value.Value.Value!).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.True(numbers[^1] > numbers[0]);
        Assert.All(values, v => Assert.Same(items[0], v.Item));
    }

    [Fact]
    public async Task Subscribe_ProductionStatusOfBothLines_InitialValueForEveryItem()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        string[] ids =
        [
            "Line1.CurrentWorkOrder.WorkOrderNumber", "Line1.CurrentWorkOrder.QuantityDone", "Line1.CurrentWorkOrder.QuantityScrap",
            "Line1.CurrentWorkOrder.QcResult", "Line1.Machine1.State", "Line2.CurrentWorkOrder.SalesOrderNumber",
            "Line2.CurrentWorkOrder.QuantityPlanned", "Line2.Machine2.AlarmActive",
        ];
        var items = await subscription.AddItemsAsync(ids.Select(id => new MonitoredItemOptions(Mes(id))).ToList(), _ct);
        Assert.All(items, i => Assert.True(i.Status.IsGood, i.Status.ToString()));
        var seen = new HashSet<uint>();
        var values = await CollectAsync(subscription, ids.Length, TimeSpan.FromSeconds(10), _ct, v => seen.Add(v.Item.ClientHandle));
        Assert.Equal(ids.Length, seen.Count);
        Assert.Contains(values, v => v.Item.Options.NodeId == Mes("Line2.Machine2.AlarmActive") && v.Value.Value.Type == BuiltInType.Boolean);
    }

    [Fact]
    public async Task Subscribe_MoreItemsThanTheServerTakesPerCall_SplitIntoSeveralCalls()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);

        var items = await subscription.AddItemsAsync(
            Enumerable.Range(0, 25).Select(i => new MonitoredItemOptions(Mes($"Test.Many.Item{i:00}"))).ToList(), _ct);

        Assert.Equal(10, client.MaxMonitoredItemsPerCall);
        Assert.All(items, i => Assert.True(i.Status.IsGood, i.Status.ToString()));
        Assert.Equal(25, items.Select(i => i.ServerId).Distinct().Count());
        var seen = new HashSet<uint>();
        await CollectAsync(subscription, 25, TimeSpan.FromSeconds(10), _ct, v => seen.Add(v.Item.ClientHandle));
        Assert.Equal(25, seen.Count);
    }

    [Fact]
    public async Task Subscribe_AbsoluteDeadband_SmallChangesSuppressed()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        var items = await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))
        {
            SamplingInterval = TimeSpan.FromMilliseconds(50),
            DeadbandType = DeadbandType.Absolute,
            DeadbandValue = 4.5,
        }], _ct);
        Assert.True(items[0].Status.IsGood, items[0].Status.ToString());
        var values = await CollectAsync(subscription, 4, TimeSpan.FromSeconds(15), _ct);
        Assert.Equal(4, values.Count);
        // Values arrive in the server's order (NotificationSequencer), so consecutive values are consecutive samples.
        var numbers = values.Select(v => (int)v.Value.Value.Value!).ToList();
        for (var i = 1; i < numbers.Count; i++)
        {
            Assert.True(numbers[i] - numbers[i - 1] > 4, string.Join(",", numbers));
        }
    }

    [Fact]
    public async Task Subscribe_PercentDeadbandWithoutEURange_ItemRejectedWithStatusName()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        var items = await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter")) { DeadbandType = DeadbandType.Percent, DeadbandValue = 10 }], _ct);
        Assert.True(items[0].Status.IsBad);
        Assert.StartsWith("Bad", items[0].Status.Name, StringComparison.Ordinal);
        Assert.DoesNotContain("0x", items[0].Status.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_QueueSizeAndSampling_RevisedByServer()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(1000) }, _ct);
        var items = await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))
        {
            SamplingInterval = TimeSpan.FromMilliseconds(100), QueueSize = 5, DiscardOldest = true,
        }], _ct);
        Assert.Equal(5u, items[0].RevisedQueueSize);
        Assert.Equal(TimeSpan.FromMilliseconds(100), items[0].RevisedSamplingInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), subscription.RevisedPublishingInterval);
        // With a queue of 5, one publish carries several sampled values of the same item.
        var values = await CollectAsync(subscription, 4, TimeSpan.FromSeconds(5), _ct);
        Assert.Equal(4, values.Count);
    }

    [Fact]
    public async Task Subscribe_UnchangingValue_KeepAlivesArrive()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100), MaxKeepAliveCount = 2 }, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Line1.CurrentWorkOrder.QuantityPlanned"))], _ct);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (subscription.KeepAliveCount < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, _ct);
        }

        Assert.True(subscription.KeepAliveCount >= 3, $"keep-alives: {subscription.KeepAliveCount}");
    }

    [Fact]
    public async Task Republish_SequenceNumberServerNoLongerHas_CountedAsLost()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
        await CollectAsync(subscription, 1, TimeSpan.FromSeconds(5), _ct);
        await client.RepublishAsync(subscription, 999_999, _ct);
        Assert.Equal(1, subscription.LostMessageCount);
    }

    [Fact]
    public async Task Delete_Subscription_ValuesCompleted()
    {
        await using var client = await ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(Fast, _ct);
        await subscription.AddItemsAsync([new MonitoredItemOptions(Mes("Test.Counter"))], _ct);
        await subscription.DeleteAsync(_ct);
        Assert.Empty(client.Subscriptions);
        // Completion is signalled once the values already queued are read.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        await foreach (var _ in subscription.Values.ReadAllAsync(cts.Token))
        {
        }

        Assert.True(subscription.Values.Completion.IsCompleted);
    }
}
