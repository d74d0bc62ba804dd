using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Hub.Host.Hosting.Service;

/// <summary>
/// Sends <c>WATCHDOG=1</c> to systemd's notification socket every half watchdog timeout (the unit's
/// <c>WatchdogSec=</c>), so systemd restarts a hub whose timers no longer run (issue 19 item 1).
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Hosting.Systemd sends READY=1 and STOPPING=1 only (its SystemdLifetime); its notifier's
/// heartbeat was never built (dotnet/extensions#1241), hence this service. The pings ride on a
/// <see cref="TimeProvider"/> timer on the thread pool: a starved pool or a hung process stops them, which is what the
/// watchdog is there to notice. systemd arms the watchdog once start-up completed (READY=1, systemd.service(5)), so
/// the schema upgrade before it does not count against the timeout.
/// </remarks>
internal sealed class SystemdWatchdog : IHostedService, IDisposable
{
    // sd_notify(3): newline-separated KEY=VALUE assignments in one datagram.
    private static readonly byte[] s_ping = Encoding.ASCII.GetBytes("WATCHDOG=1");

    private readonly SystemdWatchdogSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _failing;

    public SystemdWatchdog(SystemdWatchdogSettings settings, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        // An abstract socket is named with a leading '@' in the variable and a leading NUL on the wire (sd_notify(3)).
        _endpoint = new UnixDomainSocketEndPoint(settings.NotifySocket.StartsWith('@') ? "\0" + settings.NotifySocket[1..] : settings.NotifySocket);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ServiceLog.WatchdogOn(_logger, _settings.Interval, _settings.Timeout, _settings.NotifySocket);
        lock (_gate)
        {
            _timer = _time.CreateTimer(_ => Ping(), null, _settings.Interval, _settings.Interval);
        }

        // The first ping now, not on a timer's first tick, so that it never waits a whole interval.
        Ping();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Under the gate: no ping is in flight once StopAsync returns, and none starts after it.
            _timer?.Dispose();
            _timer = null;
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _socket.Dispose();
        }
    }

    private void Ping()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return;
            }

            try
            {
                _socket.SendTo(s_ping, SocketFlags.None, _endpoint);
                if (_failing)
                {
                    _failing = false;
                    ServiceLog.WatchdogRecovered(_logger, _settings.NotifySocket);
                }
            }
            catch (SocketException ex)
            {
                // Logged once per streak of failures, not every few seconds; systemd restarts the hub if it lasts.
                if (!_failing)
                {
                    _failing = true;
                    ServiceLog.WatchdogFailed(_logger, _settings.NotifySocket, ex.SocketErrorCode.ToString());
                }
            }
        }
    }
}
