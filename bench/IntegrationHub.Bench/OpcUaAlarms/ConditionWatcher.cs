using System.Collections.Concurrent;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Conditions;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>
/// The reference of the alarm-conditions benchmark: the hub's own OPC UA client subscribed to the Server object's events
/// with the MES adapter's EventFilter (<see cref="ConditionFields.Filter"/>) and the adapter's publishing interval, and
/// nothing behind it: no tracker, no store. It records each condition event's SourceName, ActiveState, server Time and
/// the moment it was read from the subscription, which gives both the event times the hub's tickets are measured from
/// and what receiving the events alone costs.
/// </summary>
internal sealed class ConditionWatcher : IAsyncDisposable
{
    private readonly OpcUaClient _client;
    private readonly OpcUaSubscription _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<WatchedEvent> _events = new();
    private readonly Task _reading;

    private ConditionWatcher(OpcUaClient client, OpcUaSubscription subscription)
    {
        _client = client;
        _subscription = subscription;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>Every condition event read so far, in arrival order.</summary>
    public IReadOnlyList<WatchedEvent> Events => [.. _events];

    public static async Task<ConditionWatcher> StartAsync(Uri endpoint, TimeSpan publishingInterval, CancellationToken cancellationToken)
    {
        var client = await OpcUaClient.ConnectAsync(
            new OpcUaClientOptions { EndpointUrl = endpoint, MaximumSecurityMode = MessageSecurityMode.None, SessionName = "bench-alarms-reference" },
            cancellationToken).ConfigureAwait(false);
        try
        {
            var subscription = await client.CreateSubscriptionAsync(
                new SubscriptionOptions { PublishingInterval = publishingInterval, LifetimeCount = 600, MaxKeepAliveCount = 10 }, cancellationToken).ConfigureAwait(false);
            var server = new ExpandedNodeId(new NodeId(2253));
            var item = (await subscription.AddItemsAsync([MonitoredItemOptions.ForEvents(server, ConditionFields.Filter)], cancellationToken).ConfigureAwait(false))[0];
            if (item.Status.IsBad)
            {
                throw new InvalidOperationException($"The reference client could not watch the Server object's events: {item.Status}");
            }

            return new ConditionWatcher(client, subscription);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReadAsync()
    {
        var reader = _subscription.Events;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                var now = DateTimeOffset.UtcNow;
                while (reader.TryRead(out var e))
                {
                    if (ConditionFields.Read(e.Fields) is { Kind: ConditionEventKind.Condition, Condition: { } c })
                    {
                        _events.Enqueue(new WatchedEvent(c.SourceName, c.Active, new DateTimeOffset(DateTime.SpecifyKind(c.Time, DateTimeKind.Utc)), now));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
