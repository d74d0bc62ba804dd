using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// The grace a graceful stop gives the outbox's sends already under way (Hub:Notifications:StopGrace). Before, the
/// stop cancelled a send mid-exchange: a mail whose DATA the relay had already taken was handed back unsent, and the
/// next start sent it again (a customer got it twice). Now the stop only ends the claiming; <see cref="Abandon"/> fires
/// once the grace has passed, and only what is still running then is cancelled.
/// </summary>
internal sealed class OutboxStopGrace : IDisposable
{
    /// <summary>The host's time for everything else that stops (the web server, the other services) beside the grace.</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(20);

    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _disposed;

    public OutboxStopGrace(TimeSpan grace, TimeProvider time)
    {
        _grace = grace;
        _time = time;
    }

    /// <summary>Cancelled when the grace is over: the sends still running are abandoned.</summary>
    public CancellationToken Abandon => _abandon.Token;

    /// <summary>Starts the grace (the hub began to stop); the first call counts.</summary>
    public void Begin()
    {
        lock (_gate)
        {
            if (_disposed || _timer is not null || _abandon.IsCancellationRequested)
            {
                return;
            }

            if (_grace <= TimeSpan.Zero)
            {
                _abandon.Cancel();
                return;
            }

            _timer = _time.CreateTimer(_ => Expire(), null, _grace, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Raises the host's shutdown timeout (how long it waits for its services to stop) to cover the grace and a margin,
    /// so the host does not walk away from a send the outbox still waits for.
    /// </summary>
    public static void CoverShutdown(HostOptions host, HubOptions hub)
    {
        var needed = hub.Notifications.StopGrace + ShutdownMargin;
        if (host.ShutdownTimeout < needed)
        {
            host.ShutdownTimeout = needed;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }

        _abandon.Dispose();
    }

    private void Expire()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _abandon.Cancel();
            }
        }
    }
}
