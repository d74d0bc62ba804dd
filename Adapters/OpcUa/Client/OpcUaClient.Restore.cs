using System.Collections.Concurrent;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// After a new session (Part 4 6.7): TransferSubscriptions, and CreateSubscription + CreateMonitoredItems for those
// the server no longer has. Issue 16 item 9: a restarted server may count subscription ids from 1 again, so a
// recreated subscription's new id can be the old id of one not yet restored, or one another client now holds.
// The id index is therefore built anew from the restored subscriptions and swapped in once.
public sealed partial class OpcUaClient
{
    // Subscriptions not (yet) live in the current session; a failed attempt leaves them here for the next one.
    private readonly HashSet<OpcUaSubscription> _toRestore = [];

    private async Task RestoreSubscriptionsAsync(bool newSession, CancellationToken cancellationToken)
    {
        List<OpcUaSubscription> pending;
        lock (_subscriptionsGate)
        {
            if (newSession)
            {
                _acknowledgements.Clear();
                _toRestore.UnionWith(_owned);
            }

            _toRestore.IntersectWith(_owned); // deleted meanwhile
            pending = [.. _toRestore];
        }

        if (pending.Count == 0)
        {
            return;
        }

        try
        {
            await RestoreAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RebuildSubscriptionIndex();
        }
    }

    private async Task RestoreAsync(List<OpcUaSubscription> pending, CancellationToken cancellationToken)
    {
        // An old id that a subscription restored in this session now has names that one, not the pending one:
        // transferring it would take our own (or, for a server's new id, another client's) subscription.
        HashSet<uint> liveIds;
        lock (_subscriptionsGate)
        {
            liveIds = _owned.Where(s => !_toRestore.Contains(s)).Select(s => s.Id).ToHashSet();
        }

        // An id an earlier server instance gave is not transferred at all (OpcUaClient.Restart.cs); a transferred one
        // must hold our items, or it is deleted from our session and ours created anew.
        var transferable = pending.Where(s => !liveIds.Contains(s.Id) && IdFromCurrentServer(s)).ToList();
        var results = await TransferAsync(transferable, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < transferable.Count; i++)
        {
            if (i < results.Length && results[i].StatusCode.IsGood)
            {
                if (await IsOursAsync(transferable[i], cancellationToken).ConfigureAwait(false))
                {
                    await TakeTransferredAsync(transferable[i], results[i], cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await GiveUpForeignAsync(transferable[i].Id, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        foreach (var subscription in pending.Where(IsPending))
        {
            // Part 4 6.7: the subscription is gone; create it again with the same items (client handles stay).
            var oldId = subscription.Id;
            await CreateOnServerAsync(subscription, cancellationToken).ConfigureAwait(false);
            // Issue 22 item 2: what changed while the subscription was gone was never sent. Marked before the items
            // exist, so that their initial values come after the mark.
            var gap = $"subscription {oldId} was lost by the server and created anew as {subscription.Id}";
            subscription.RecordGap(gap);
            OpcUaClientLog.SubscriptionGap(_options.Logger, subscription.Id, gap);
            subscription.ResetSilence();
            await CreateMonitoredItemsAsync(subscription, subscription.ItemList, cancellationToken).ConfigureAwait(false);
            subscription.RecreateCount++;
            MarkRestored(subscription);
            OpcUaClientLog.SubscriptionRecreated(_options.Logger, oldId, subscription.Id, subscription.ItemList.Count);
        }
    }

    private async Task<TransferResult[]> TransferAsync(List<OpcUaSubscription> subscriptions, CancellationToken cancellationToken)
    {
        if (subscriptions.Count == 0)
        {
            return [];
        }

        try
        {
            var response = await CallAsync<TransferSubscriptionsResponse>(new TransferSubscriptionsRequest
            {
                SubscriptionIds = subscriptions.Select(s => s.Id).ToList(),
                SendInitialValues = true,
            }, cancellationToken).ConfigureAwait(false);
            return response.Results;
        }
        catch (OpcUaServiceException e) when (!IsConnectionFailure(e))
        {
            // The server does not support transfer or rejects it: recreate everything.
            RecordError(e);
            return [];
        }
    }

    private async Task TakeTransferredAsync(OpcUaSubscription subscription, TransferResult result, CancellationToken cancellationToken)
    {
        subscription.TransferCount++;
        subscription.ResetSilence();
        MarkRestored(subscription);
        OpcUaClientLog.SubscriptionTransferred(_options.Logger, subscription.Id);
        // Messages the server still holds: republish the ones not received, acknowledge the rest.
        foreach (var sequenceNumber in result.AvailableSequenceNumbers.Order())
        {
            if (!subscription.HasSeen(sequenceNumber))
            {
                await RepublishAsync(subscription, sequenceNumber, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _acknowledgements.Enqueue(new SubscriptionAcknowledgement(subscription.Id, sequenceNumber));
            }
        }
    }

    private bool IsPending(OpcUaSubscription subscription)
    {
        lock (_subscriptionsGate)
        {
            return _toRestore.Contains(subscription);
        }
    }

    private void MarkRestored(OpcUaSubscription subscription)
    {
        lock (_subscriptionsGate)
        {
            _toRestore.Remove(subscription);
        }
    }

    private void RebuildSubscriptionIndex()
    {
        lock (_subscriptionsGate)
        {
            var index = new ConcurrentDictionary<uint, OpcUaSubscription>();
            foreach (var subscription in _owned.Where(s => !_toRestore.Contains(s)))
            {
                index[subscription.Id] = subscription;
            }

            _subscriptions = index;
            _unknownSubscriptionsLogged.Clear();
        }
    }
}
