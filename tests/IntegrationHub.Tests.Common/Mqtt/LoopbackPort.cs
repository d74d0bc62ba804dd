using System.Net;
using System.Net.Sockets;

namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>Loopback port helpers for servers started by tests.</summary>
public static class LoopbackPort
{
    /// <summary>Returns a port the OS just handed out on 127.0.0.1 (free at the time of the call).</summary>
    public static int GetFree() => GetFree(1)[0];

    /// <summary>Returns <paramref name="count"/> different free ports: all are held open together, so the OS cannot hand one out twice.</summary>
    public static int[] GetFree(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (TcpListener? listener in listeners)
            {
                listener?.Stop();
            }
        }
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
