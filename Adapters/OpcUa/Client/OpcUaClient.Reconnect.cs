using IntegrationHub.Adapters.Abstractions;
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
    private int _failedReconnectAttempts;
    private string? _refusalLogged;

    /// <summary>The connection state.</summary>
    public ConnectionState State => _state;

    /// <summary>The last error seen (connection lost, failed reconnect attempt, failed Publish).</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Successful reconnects since the client was created.</summary>
    public int ReconnectCount => Volatile.Read(ref _reconnectCount);

    /// <summary>Connect and reconnect attempts that failed since the client was created.</summary>
    public int FailedReconnectAttempts => Volatile.Read(ref _failedReconnectAttempts);

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

    // retryPermanent false: failures that retrying cannot cure leave the pipeline at once, for the slow retry of the
    // reconnect loop (issue 16 item 10).
    private ResiliencePipeline BuildRetryPipeline(int maxAttempts, bool retryPermanent = true) => new ResiliencePipelineBuilder { TimeProvider = _options.TimeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<OpcUaServiceException>(e => (e.IsTransient || e.StatusCode.IsBad) && (retryPermanent || !ReconnectFailure.IsPermanent(e)))
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
                Interlocked.Increment(ref _failedReconnectAttempts);
                RecordError(args.Outcome.Exception);
                OpcUaClientLog.ReconnectFailed(_options.Logger, _options.EndpointUrl, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                return default;
            },
        })
        .Build();

    private void StartMonitor() => _monitor = Task.Run(() => MonitorAsync(_monitorStop.Token), CancellationToken.None);

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var pipeline = BuildRetryPipeline(int.MaxValue, retryPermanent: false);
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
                    Interlocked.Increment(ref _failedReconnectAttempts);
                    await DelayQuietlyAsync(OnReconnectRefused(e), cancellationToken).ConfigureAwait(false);
                }
            }

            _refusalLogged = null;
            Interlocked.Increment(ref _reconnectCount);
            _state = ConnectionState.Connected;
            OpcUaClientLog.Reconnected(_options.Logger, _options.EndpointUrl, _lastReconnectReactivated);
            _connected.TrySetResult();
            RefreshConditionsAfterReconnect();
        }
    }

    // Issue 16 item 10: a failure that retrying cannot cure is said once (reason and fix), not at every attempt, and
    // retried after minutes. Returns the delay before the next attempt.
    private TimeSpan OnReconnectRefused(Exception e)
    {
        if (!ReconnectFailure.IsPermanent(e))
        {
            RecordError(e);
            return _options.ReconnectMaxDelay;
        }

        var delay = _options.PermanentFailureRetryDelay;
        var reason = LogText.Escape(e.Message);
        var fix = ReconnectFailure.Fix(e);
        RecordError(new OpcUaServiceException(e is OpcUaServiceException s ? s.StatusCode : StatusCodes.BadCertificateUntrusted,
            $"{reason} Fix: {fix} Trying again every {delay}.", e));
        if (_refusalLogged != reason)
        {
            _refusalLogged = reason;
            OpcUaClientLog.ReconnectRefused(_options.Logger, _options.EndpointUrl, reason, fix, delay);
        }

        return delay;
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
            // The session of an attempt that failed while restoring subscriptions: finish restoring them.
            await RestoreSubscriptionsAsync(newSession: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        Endpoint = ChooseEndpoint(await GetEndpointsAsync(cancellationToken).ConfigureAwait(false));
        await CreateAndActivateSessionAsync(cancellationToken).ConfigureAwait(false);
        await ReadNamespacesAsync(cancellationToken).ConfigureAwait(false);
        await CheckServerRestartAsync(cancellationToken).ConfigureAwait(false);
        await RestoreSubscriptionsAsync(newSession: true, cancellationToken).ConfigureAwait(false);
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
}
