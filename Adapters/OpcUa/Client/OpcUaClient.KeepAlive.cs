using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Client;

// Issue 18 item 1 (the MES hot standby): a session without subscriptions sends no Publish requests, and a server
// closes a session that has had no request for its timeout (Part 4 5.6.2); nothing would tell the client, which would
// find out only when it subscribes. While no subscription is live, the client therefore reads the server's state
// (Server_ServerStatus_State) at an interval shorter than the session timeout. A read the server answers with a
// session error, or not at all, drops the channel, and the reconnect loop repairs the session as after a lost
// connection (reactivation, else a new session).
public sealed partial class OpcUaClient
{
    private Task _keepAlive = Task.CompletedTask;
    private long _keepAlives;
    private int _sessionsCreated;

    /// <summary>Keep-alive reads sent while the session had no subscription (see <see cref="OpcUaClientOptions.SessionKeepAliveInterval"/>).</summary>
    public long KeepAliveCount => Interlocked.Read(ref _keepAlives);

    /// <summary>Sessions this client created (CreateSession answered), the first one included: reconnects that had to replace the session add one.</summary>
    public int SessionsCreated => Volatile.Read(ref _sessionsCreated);

    // Never longer than a third of the timeout the server granted, so that one lost read does not lose the session.
    internal TimeSpan KeepAliveInterval
    {
        get
        {
            var third = RevisedSessionTimeout / 3;
            return third > TimeSpan.Zero && third < _options.SessionKeepAliveInterval ? third : _options.SessionKeepAliveInterval;
        }
    }

    private void StartKeepAlive() => _keepAlive = Task.Run(() => KeepAliveAsync(_monitorStop.Token), CancellationToken.None);

    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DelayQuietlyAsync(KeepAliveInterval, cancellationToken).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested || !_subscriptions.IsEmpty || !Connected)
            {
                continue; // Publish requests keep a session with subscriptions alive; a lost connection is the monitor's.
            }

            var channel = _channel;
            try
            {
                await CallAsync<ReadResponse>(
                    new ReadRequest { NodesToRead = [new ReadValueId(WellKnownNodeIds.ServerState)] }, cancellationToken, _options.RequestTimeout).ConfigureAwait(false);
                Interlocked.Increment(ref _keepAlives);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OpcUaServiceException e) when (!IsConnectionFailure(e) || e.StatusCode == StatusCodes.BadTimeout)
            {
                // BadSessionIdInvalid, BadSessionClosed...: the server dropped the session; BadTimeout: it does not
                // answer although the socket is open. Either way the reconnect loop takes over from here.
                RecordError(e);
                if (channel is { Completion.IsCompleted: false } && ReferenceEquals(channel, _channel))
                {
                    channel.Abort(e);
                }
            }
            catch (Exception e) when (e is OpcUaServiceException or OpcUaProtocolException or IOException or ObjectDisposedException)
            {
                RecordError(e); // the connection went: the monitor sees the channel complete and reconnects
            }
        }
    }

    private void CountSession() => Interlocked.Increment(ref _sessionsCreated);
}
