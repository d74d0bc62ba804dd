using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Issue 16 item 9 (what was left): a restarted server may give subscription ids from 1 again (Part 4 5.13.2 only asks
// that an id be unique in the server), so after a restart TransferSubscriptions with the client's old ids can succeed
// for subscriptions that now belong to another client with the same identity: the hub would steal them and receive
// their items. The server's StartTime (Part 5 12.10, ServerStatus i=2257) tells a restart apart: ids given by an
// earlier instance are never transferred. A transfer that succeeds is checked with GetMonitoredItems (Part 5 9.1):
// its monitored items must be the ones this client created.
public sealed partial class OpcUaClient
{
    // UTC ticks of the server's StartTime as read in the current session; 0 when the server does not tell.
    private long _serverStartTicks;

    /// <summary>The server's StartTime as read when the current session was made; null when the server does not tell.</summary>
    public DateTime? ServerStartTime => Volatile.Read(ref _serverStartTicks) is var t and not 0 ? new DateTime(t, DateTimeKind.Utc) : null;

    /// <summary>Times a reconnect found the server restarted (another StartTime than before).</summary>
    public int ServerRestartCount { get; private set; }

    private async Task<long> ReadServerStartTicksAsync(CancellationToken cancellationToken)
    {
        var value = await ReadValueAsync(WellKnownNodeIds.ServerStartTime, cancellationToken).ConfigureAwait(false);
        return value.Status.IsGood && value.Value.Value is DateTime start && start.Ticks != 0 ? start.ToUniversalTime().Ticks : 0;
    }

    // At connect: the instance that the first subscriptions' ids will belong to.
    private async Task LearnServerStartTimeAsync(CancellationToken cancellationToken)
        => Volatile.Write(ref _serverStartTicks, await ReadServerStartTicksAsync(cancellationToken).ConfigureAwait(false));

    // After a reconnect with a new session, before any transfer.
    private async Task CheckServerRestartAsync(CancellationToken cancellationToken)
    {
        var before = Volatile.Read(ref _serverStartTicks);
        var now = await ReadServerStartTicksAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _serverStartTicks, now);
        if (before != 0 && now != 0 && before != now)
        {
            ServerRestartCount++;
            OpcUaClientLog.ServerRestarted(_options.Logger, _options.EndpointUrl, new DateTime(before, DateTimeKind.Utc), new DateTime(now, DateTimeKind.Utc));
        }
    }

    // A subscription's id may be transferred only when the server instance that gave it is the current one. When
    // either start time is unknown, the check of the transferred items has to do.
    private bool IdFromCurrentServer(OpcUaSubscription subscription)
    {
        var now = Volatile.Read(ref _serverStartTicks);
        return subscription.ServerStartTicks == 0 || now == 0 || subscription.ServerStartTicks == now;
    }

    /// <summary>
    /// GetMonitoredItems (Part 5 9.1) of a subscription in this session: the server handles and client handles of its
    /// items, or null when the server does not offer the method (or refuses it for that subscription, with the status).
    /// </summary>
    internal async Task<(uint[] ServerHandles, uint[] ClientHandles)?> GetMonitoredItemsAsync(uint subscriptionId, CancellationToken cancellationToken)
    {
        var response = await CallAsync<CallResponse>(new CallRequest
        {
            MethodsToCall = [new CallMethodRequest(WellKnownNodeIds.Server, WellKnownNodeIds.GetMonitoredItems, [subscriptionId])],
        }, cancellationToken).ConfigureAwait(false);
        ExpectCount(response.Results.Length, 1, "Call");
        var result = response.Results[0];
        if (result.StatusCode.IsBad)
        {
            return null;
        }

        if (result.OutputArguments is not [{ Value: uint[] serverHandles }, { Value: uint[] clientHandles }] || serverHandles.Length != clientHandles.Length)
        {
            throw new OpcUaProtocolException(
                $"GetMonitoredItems of subscription {subscriptionId} returned {result.OutputArguments.Length} output arguments of types "
                + $"{string.Join(", ", result.OutputArguments.Select(a => a.Type))}; expected two UInt32 arrays of the same length.");
        }

        return (serverHandles, clientHandles);
    }

    // True when the transferred subscription holds exactly the monitored items this client created in it (server
    // handle and client handle alike), or when the server cannot tell; false when it is someone else's.
    private async Task<bool> IsOursAsync(OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        (uint[] ServerHandles, uint[] ClientHandles)? items;
        try
        {
            items = await GetMonitoredItemsAsync(subscription.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException e) when (!IsConnectionFailure(e))
        {
            // No Call service (BadServiceUnsupported) or a server without the method: the start time check stands alone.
            RecordError(e);
            return true;
        }
        catch (OpcUaProtocolException e)
        {
            // A malformed answer: said on LastError (it names the arguments found), and the start time check stands
            // alone rather than failing every reconnect on it.
            RecordError(e);
            return true;
        }

        if (items is not { } found)
        {
            return true;
        }

        var expected = subscription.ItemList.Where(i => i.Status.IsGood).Select(i => (i.ServerId, i.ClientHandle)).ToHashSet();
        var actual = found.ServerHandles.Zip(found.ClientHandles).ToHashSet();
        if (expected.SetEquals(actual))
        {
            return true;
        }

        OpcUaClientLog.ForeignSubscriptionTransferred(_options.Logger, subscription.Id, actual.Count, expected.Count);
        return false;
    }

    // A subscription taken by mistake is deleted from this session rather than kept: keeping it would go on bringing
    // another client's items to the hub; that client has already been told it was transferred away (Part 4 5.13.7:
    // GoodSubscriptionTransferred) and makes a new one as it would after any loss.
    private async Task GiveUpForeignAsync(uint subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync<StatusCodesResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [subscriptionId] }, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException e) when (!IsConnectionFailure(e))
        {
            RecordError(e);
        }
    }
}
