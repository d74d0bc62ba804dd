using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Adapters.Mqtt.Tests.Interop;

/// <summary>A loopback TCP forwarder whose connections a test can cut, to make a client vanish without DISCONNECT.</summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly int _targetPort;
    private long _bytesUpstream;
    private int _upstreamFailures;

    // Completed while the target's bytes flow to the clients; replaced by a pending one while they are held back.
    private volatile TaskCompletionSource _downstreamOpen = Opened();

    public TcpForwarder(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted { get; private set; }

    /// <summary>Gets how many accepted clients could not be connected on to the target.</summary>
    public int UpstreamFailures => Volatile.Read(ref _upstreamFailures);

    /// <summary>Gets how many bytes the clients sent towards the target so far.</summary>
    public long BytesUpstream => Interlocked.Read(ref _bytesUpstream);

    /// <summary>
    /// Holds back what the target sends to the clients (until the connections are cut), while the clients' bytes still
    /// reach it: their requests arrive and their answers never do, so what they sent stays in flight.
    /// </summary>
    public void HoldDownstream() => _downstreamOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets what <see cref="HoldDownstream"/> held back, and all that follows, flow to the clients again.</summary>
    public void ReleaseDownstream() => _downstreamOpen.TrySetResult();

    /// <summary>Closes every forwarded connection at once (RST), both sides.</summary>
    public void CutAll()
    {
        while (_sockets.TryTake(out Socket? socket))
        {
            socket.Close(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // The target refused or went away: this client's connection fails like one to a dead broker, and the
                // forwarder keeps accepting (an accept loop that ended here would leave every later client hanging).
                Interlocked.Increment(ref _upstreamFailures);
                client.Close(0);
                upstream.Dispose();
                continue;
            }

            _sockets.Add(client);
            _sockets.Add(upstream);
            Accepted++;
            _ = PumpAsync(client, upstream, read => Interlocked.Add(ref _bytesUpstream, read), () => Task.CompletedTask);
            _ = PumpAsync(upstream, client, _ => { }, () => _downstreamOpen.Task.WaitAsync(_stop.Token));
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static async Task PumpAsync(Socket from, Socket to, Action<int> count, Func<Task> mayForward)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                count(read);
                await mayForward();
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            from.Close(0);
            to.Close(0);
        }
    }
}
