using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// A loopback TCP forwarder between the client and a server, to cut the network without touching the server:
/// <see cref="CutAndBlock"/> drops every connection and refuses new ones until <see cref="Unblock"/>.
/// </summary>
internal sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _acceptLoop;
    private volatile bool _blocked;

    public CuttableTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Uri EndpointUrl => new($"opc.tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public void CutAndBlock()
    {
        _blocked = true;
        lock (_connections)
        {
            foreach (var c in _connections)
            {
                c.Dispose();
            }

            _connections.Clear();
        }
    }

    public void Unblock() => _blocked = false;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_blocked)
            {
                inbound.Dispose();
                continue;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add(inbound);
                _connections.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAndBlock();
        await _acceptLoop;
        _stop.Dispose();
    }
}
