using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// A tiny fake SMTP server for the one fault a real server cannot be made to produce on demand: it accepts a
/// connection and says nothing (an SMTP exchange that hangs) until the test releases it, then greets with a permanent
/// refusal (RFC 5321 section 3.1: "554 No SMTP service here") and closes.
/// </summary>
internal sealed class HangingSmtpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serving;

    public HangingSmtpPeer()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when a client has connected and is waiting for the greeting.</summary>
    public Task Connected => _connected.Task;

    public void Release() => _released.TrySetResult();

    private async Task ServeAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync();
            _connected.TrySetResult();
            await _released.Task;
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("554 5.3.2 No SMTP service here\r\n"));
            await stream.FlushAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        _listener.Stop();
        await _serving;
    }
}
