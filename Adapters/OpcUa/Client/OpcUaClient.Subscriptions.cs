using System.Collections.Concurrent;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Subscriptions and the Publish loop (Part 4 5.12, 5.13).
public sealed partial class OpcUaClient
{
    private static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(50);
    // Every subscription of the client, and the index by the server's id of those live in the current session. The
    // index is only ever replaced whole after a reconnect (issue 16 item 9: updating it in place while ids were
    // reassigned lost entries whose old id equalled another's new one).
    private readonly List<OpcUaSubscription> _owned = [];
    private readonly Lock _subscriptionsGate = new();
    private volatile ConcurrentDictionary<uint, OpcUaSubscription> _subscriptions = new();
    private readonly ConcurrentQueue<SubscriptionAcknowledgement> _acknowledgements = new();
    private readonly CancellationTokenSource _publishStop = new();
    private readonly Lock _publishGate = new();
    private Task[] _publishWorkers = [];
    private uint _lastClientHandle;

    /// <summary>The subscriptions of this client.</summary>
    public IReadOnlyCollection<OpcUaSubscription> Subscriptions
    {
        get
        {
            lock (_subscriptionsGate)
            {
                return _owned.ToList();
            }
        }
    }

    internal uint NextClientHandle() => Interlocked.Increment(ref _lastClientHandle);

    /// <summary>Creates a subscription and starts publishing for it.</summary>
    public async Task<OpcUaSubscription> CreateSubscriptionAsync(SubscriptionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var subscription = new OpcUaSubscription(this, options);
        await CreateOnServerAsync(subscription, cancellationToken).ConfigureAwait(false);
        lock (_subscriptionsGate)
        {
            _owned.Add(subscription);
            _subscriptions[subscription.Id] = subscription;
        }

        EnsurePublishing();
        return subscription;
    }

    private async Task CreateOnServerAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        var o = subscription.Options;
        var response = await CallAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = o.PublishingInterval.TotalMilliseconds,
            RequestedMaxKeepAliveCount = o.MaxKeepAliveCount,
            RequestedLifetimeCount = Math.Max(o.LifetimeCount, 3 * o.MaxKeepAliveCount),
            MaxNotificationsPerPublish = o.MaxNotificationsPerPublish,
            Priority = o.Priority,
        }, cancellationToken).ConfigureAwait(false);
        subscription.Id = response.SubscriptionId;
        subscription.ServerStartTicks = Volatile.Read(ref _serverStartTicks);
        subscription.RevisedPublishingInterval = TimeSpan.FromMilliseconds(response.RevisedPublishingInterval);
        subscription.RevisedMaxKeepAliveCount = response.RevisedMaxKeepAliveCount;
        subscription.ResetSequence();
    }

    internal async Task CreateMonitoredItemsAsync(OpcUaSubscription subscription, IReadOnlyList<MonitoredItem> items, CancellationToken cancellationToken)
    {
        var batch = MaxMonitoredItemsPerCall > 0 ? MaxMonitoredItemsPerCall : Math.Max(items.Count, 1);
        foreach (var chunk in items.Chunk(batch))
        {
            await CreateMonitoredItemsBatchAsync(subscription, chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CreateMonitoredItemsBatchAsync(OpcUaSubscription subscription, MonitoredItem[] items, CancellationToken cancellationToken)
    {
        var requests = items.Select(i => new MonitoredItemCreateRequest(
            new ReadValueId(Namespaces.ToNodeId(i.Options.NodeId), i.Options.AttributeId),
            i.ClientHandle,
            i.Options.SamplingInterval.TotalMilliseconds,
            FilterOf(i.Options),
            i.Options.QueueSize,
            i.Options.DiscardOldest)).ToList();
        var response = await CallAsync<CreateMonitoredItemsResponse>(
            new CreateMonitoredItemsRequest { SubscriptionId = subscription.Id, ItemsToCreate = requests }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, items.Length, "CreateMonitoredItems");
        for (var i = 0; i < items.Length; i++)
        {
            var r = response.Results[i];
            items[i].Status = r.StatusCode;
            items[i].ServerId = r.MonitoredItemId;
            items[i].RevisedSamplingInterval = TimeSpan.FromMilliseconds(r.RevisedSamplingInterval);
            items[i].RevisedQueueSize = r.RevisedQueueSize;
            items[i].FilterResult = r.FilterResult?.Body as EventFilterResult;
        }
    }

    private static IEncodeable? FilterOf(MonitoredItemOptions o) => o switch
    {
        { Events: { } events } => events.ToFilter(),
        { DeadbandType: DeadbandType.None, Trigger: DataChangeTrigger.StatusValue } => null,
        _ => new DataChangeFilter(o.Trigger, o.DeadbandType, o.DeadbandValue),
    };

    internal async Task DeleteSubscriptionAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        lock (_subscriptionsGate)
        {
            _owned.Remove(subscription);
            _subscriptions.TryRemove(new KeyValuePair<uint, OpcUaSubscription>(subscription.Id, subscription));
        }

        subscription.Complete();
        var response = await CallAsync<StatusCodesResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [subscription.Id] }, cancellationToken).ConfigureAwait(false);
        if (response.Results.Length == 1 && response.Results[0].IsBad)
        {
            throw new OpcUaServiceException(response.Results[0], $"DeleteSubscriptions of {subscription.Id} failed: {response.Results[0]}");
        }
    }

    // Several Publish requests stay outstanding (Part 4 5.13.5: the server answers them as subscriptions have data),
    // so that a response is never waiting for the client to send the next request.
    private void EnsurePublishing()
    {
        lock (_publishGate)
        {
            if (_publishWorkers.Length != 0)
            {
                return;
            }

            _publishWorkers = Enumerable.Range(0, Math.Max(1, _options.PublishRequestCount))
                .Select(_ => Task.Run(() => PublishWorkerAsync(_publishStop.Token), CancellationToken.None))
                .ToArray();
        }
    }

    private TimeSpan PublishTimeout()
    {
        // A Publish is answered at the latest after a keep-alive period of the slowest subscription.
        var keepAlive = _subscriptions.Values
            .Select(s => s.RevisedPublishingInterval * Math.Max(1, s.RevisedMaxKeepAliveCount))
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
        return _options.RequestTimeout + keepAlive * 2;
    }

    private async Task PublishWorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_subscriptions.IsEmpty)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await WaitUntilConnectedAsync(cancellationToken).ConfigureAwait(false);
                var acks = new List<SubscriptionAcknowledgement>();
                while (acks.Count < 500 && _acknowledgements.TryDequeue(out var ack))
                {
                    acks.Add(ack);
                }

                PublishResponse response;
                try
                {
                    response = await CallAsync<PublishResponse>(new PublishRequest { Acknowledgements = acks }, cancellationToken, PublishTimeout()).ConfigureAwait(false);
                }
                catch
                {
                    // Not acknowledged: after a reconnect the server may still hold these messages; acknowledge them then.
                    foreach (var ack in acks)
                    {
                        _acknowledgements.Enqueue(ack);
                    }

                    throw;
                }

                await HandlePublishResponseAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OpcUaServiceException e) when ((e.StatusCode.Code & 0xFFFF0000) is 0x80790000 or 0x80780000)
            {
                // BadNoSubscription (none left on the server) or BadTooManyPublishRequests: back off briefly.
                await DelayQuietlyAsync(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
            catch (OpcUaServiceException e) when (e.StatusCode == StatusCodes.BadTimeout && Connected)
            {
                // No answer to a Publish within a keep-alive period: the server or the network is gone although
                // the socket is open. Drop the channel; the reconnect loop takes over.
                RecordError(e);
                Channel.Abort(e);
            }
            catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException)
            {
                RecordError(e);
                if (Connected)
                {
                    OpcUaClientLog.PublishFailed(_options.Logger, e);
                }

                await DelayQuietlyAsync(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandlePublishResponseAsync(PublishResponse response, CancellationToken cancellationToken)
    {
        var message = response.NotificationMessage;
        var subscriptions = _subscriptions;
        subscriptions.TryGetValue(response.SubscriptionId, out var subscription);
        WatchForSilence(subscriptions, subscription, response.MoreNotifications);
        if (subscription is null)
        {
            // A subscription deleted meanwhile, one whose CreateSubscription answer is still on its way, or one the
            // server has and the client lost track of. Not acknowledged: in the first two cases a Republish may still
            // want the message; the server's retransmission queue is bounded.
            if (_unknownSubscriptionsLogged.TryAdd(response.SubscriptionId, 0))
            {
                OpcUaClientLog.UnknownSubscription(_options.Logger, response.SubscriptionId);
            }

            return;
        }

        var (missing, isNew, abandoned) = subscription.Accept(message);
        if (isNew)
        {
            _acknowledgements.Enqueue(new SubscriptionAcknowledgement(subscription.Id, message.SequenceNumber));
        }

        if (abandoned > 0)
        {
            OpcUaClientLog.NotificationsAbandoned(_options.Logger, subscription.Id, abandoned, NotificationSequencer.MaxHeld);
        }

        if (missing.Count > 0)
        {
            // A gap may be a response that another Publish worker is still handling: give it a moment first.
            await DelayQuietlyAsync(GapGrace, cancellationToken).ConfigureAwait(false);
            foreach (var sequenceNumber in missing.Where(s => !subscription.HasSeen(s)))
            {
                await RepublishAsync(subscription, sequenceNumber, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Republish (Part 4 5.13.6) of a message the client missed; counted as lost when the server no longer has it.</summary>
    internal async Task RepublishAsync(OpcUaSubscription subscription, uint sequenceNumber, CancellationToken cancellationToken)
    {
        try
        {
            var response = await CallAsync<RepublishResponse>(
                new RepublishRequest { SubscriptionId = subscription.Id, RetransmitSequenceNumber = sequenceNumber }, cancellationToken).ConfigureAwait(false);
            if (subscription.DeliverRepublished(response.NotificationMessage))
            {
                _acknowledgements.Enqueue(new SubscriptionAcknowledgement(subscription.Id, sequenceNumber));
            }
        }
        catch (OpcUaServiceException e) when (!e.IsTransient)
        {
            subscription.MarkLost(sequenceNumber);
            OpcUaClientLog.NotificationLost(_options.Logger, subscription.Id, sequenceNumber);
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
