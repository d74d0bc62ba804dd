using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>Loopback port helpers for servers started by tests.</summary>
public static class LoopbackPort
{
    /// <summary>Returns a port the OS just handed out on 127.0.0.1 (free at the time of the call).</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until 127.0.0.1:<paramref name="port"/> accepts a TCP connection, or <paramref name="alive"/> says the server died.</summary>
    public static async Task WaitUntilAcceptingAsync(int port, Func<bool> alive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (!alive())
            {
                throw new InvalidOperationException($"The server for port {port} exited before it accepted connections.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
        }
    }
}
