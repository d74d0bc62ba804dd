using System.Net.Sockets;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;
using Polly;
using Polly.Retry;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Reconnect (Part 4 6.7): new secure channel, then ActivateSession of the old session on it; when the server no
// longer knows the session, a new session, TransferSubscriptions, and recreation of the subscriptions it lost.
public sealed partial class OpcUaClient
{
    private readonly CancellationTokenSource _monitorStop = new();
    private TaskCompletionSource _connected = NewConnectedSignal(completed: true);
    private Task _monitor = Task.CompletedTask;
    private byte[]? _serverNonce;
    private byte[]? _serverCertificate;
    private Exception? _lastError;
    private int _reconnectCount;
    private volatile ConnectionState _state = ConnectionState.Connected;
    private bool _lastReconnectReactivated;

    /// <summary>The connection state.</summary>
    public ConnectionState State => _state;

    /// <summary>The last error seen (connection lost, failed reconnect attempt, failed Publish).</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Successful reconnects since the client was created.</summary>
    public int ReconnectCount => Volatile.Read(ref _reconnectCount);

    /// <summary>Reconnects in which the old session was reactivated rather than replaced.</summary>
    public int SessionReactivationCount { get; private set; }

    private bool Connected => _state == ConnectionState.Connected && _channel is { Completion.IsCompleted: false };

    private static TaskCompletionSource NewConnectedSignal(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    private void RecordError(Exception? e)
    {
        if (e is not null)
        {
            Volatile.Write(ref _lastError, e);
        }
    }

    private Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    private ResiliencePipeline BuildRetryPipeline(int maxAttempts) => new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<OpcUaServiceException>(e => e.IsTransient || e.StatusCode.IsBad)
                .Handle<OpcUaProtocolException>()
                .Handle<IOException>()
                .Handle<SocketException>(),
            MaxRetryAttempts = maxAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.ReconnectDelay,
            MaxDelay = _options.ReconnectMaxDelay,
            OnRetry = args =>
            {
                RecordError(args.Outcome.Exception);
                OpcUaClientLog.ReconnectFailed(_options.Logger, _options.EndpointUrl, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                return default;
            },
        })
        .Build();

    private void StartMonitor() => _monitor = Task.Run(() => MonitorAsync(_monitorStop.Token), CancellationToken.None);

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var pipeline = BuildRetryPipeline(int.MaxValue);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Channel.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RecordError(e);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _connected = NewConnectedSignal(completed: false);
            _state = ConnectionState.Reconnecting;
            OpcUaClientLog.ConnectionLost(_options.Logger, _options.EndpointUrl, LastError);
            while (true)
            {
                try
                {
                    await pipeline.ExecuteAsync(async token => await ReconnectOnceAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Not a transient failure (an untrusted certificate, a rejected user): keep trying, slowly, so that
                    // fixing the cause on the server or in the PKI folder heals the client without a restart.
                    RecordError(e);
                    await DelayQuietlyAsync(_options.ReconnectMaxDelay, cancellationToken).ConfigureAwait(false);
                }
            }

            Interlocked.Increment(ref _reconnectCount);
            _state = ConnectionState.Connected;
            OpcUaClientLog.Reconnected(_options.Logger, _options.EndpointUrl, _lastReconnectReactivated);
            _connected.TrySetResult();
        }
    }

    private async Task ReconnectOnceAsync(CancellationToken cancellationToken)
    {
        var channel = await UaSecureChannel.OpenAsync(_options.EndpointUrl, ChannelOptions, cancellationToken).ConfigureAwait(false);
        var old = _channel;
        _channel = channel;
        if (old is not null)
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }

        _lastReconnectReactivated = await TryReactivateSessionAsync(cancellationToken).ConfigureAwait(false);
        if (_lastReconnectReactivated)
        {
            SessionReactivationCount++;
            return;
        }

        Endpoint = ChooseEndpoint(await GetEndpointsAsync(cancellationToken).ConfigureAwait(false));
        await CreateAndActivateSessionAsync(cancellationToken).ConfigureAwait(false);
        await ReadNamespacesAsync(cancellationToken).ConfigureAwait(false);
        await RestoreSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> TryReactivateSessionAsync(CancellationToken cancellationToken)
    {
        if (_authenticationToken.IsNull)
        {
            return false;
        }

        try
        {
            await ActivateSessionAsync(_serverNonce, _serverCertificate, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OpcUaServiceException e) when (!IsConnectionFailure(e))
        {
            // BadSessionIdInvalid and the like: the server lost the session (restart, session timeout).
            RecordError(e);
            _authenticationToken = NodeId.Null;
            return false;
        }
    }

    private static bool IsConnectionFailure(OpcUaServiceException e) => (e.StatusCode.Code & 0xFFFF0000) is
        0x80050000 or 0x800D0000 or 0x80860000 or 0x800A0000 or 0x80AE0000;

    private async Task RestoreSubscriptionsAsync(CancellationToken cancellationToken)
    {
        _acknowledgements.Clear();
        var subscriptions = _subscriptions.Values.ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        TransferResult[] results;
        try
        {
            var response = await CallAsync<TransferSubscriptionsResponse>(new TransferSubscriptionsRequest
            {
                SubscriptionIds = subscriptions.Select(s => s.Id).ToList(),
                SendInitialValues = true,
            }, cancellationToken).ConfigureAwait(false);
            results = response.Results;
        }
        catch (OpcUaServiceException e) when (!IsConnectionFailure(e))
        {
            // The server does not support transfer or rejects it: recreate everything.
            RecordError(e);
            results = [];
        }

        for (var i = 0; i < subscriptions.Count; i++)
        {
            var subscription = subscriptions[i];
            if (i < results.Length && results[i].StatusCode.IsGood)
            {
                subscription.TransferCount++;
                OpcUaClientLog.SubscriptionTransferred(_options.Logger, subscription.Id);
                // Messages the server still holds: republish the ones not received, acknowledge the rest.
                foreach (var sequenceNumber in results[i].AvailableSequenceNumbers.Order())
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

                continue;
            }

            // Part 4 6.7: the subscription is gone; create it again with the same items (client handles stay).
            // It moves to its new id only once created, so that a failed attempt leaves it for the next one.
            var oldId = subscription.Id;
            await CreateOnServerAsync(subscription, cancellationToken).ConfigureAwait(false);
            _subscriptions.TryRemove(oldId, out _);
            _subscriptions[subscription.Id] = subscription;
            await CreateMonitoredItemsAsync(subscription, subscription.ItemList, cancellationToken).ConfigureAwait(false);
            subscription.RecreateCount++;
            OpcUaClientLog.SubscriptionRecreated(_options.Logger, oldId, subscription.Id, subscription.ItemList.Count);
        }
    }
}
