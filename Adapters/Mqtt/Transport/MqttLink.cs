using System.Net.Sockets;

namespace IntegrationHub.Adapters.Mqtt.Transport;

/// <summary>
/// The byte stream to the broker (TCP, or TLS over it) and the socket under it. The socket stays in blocking mode:
/// reads and writes are synchronous calls on threads that may wait, because on this path a blocking receive costs
/// the kernel one wake-up where the asynchronous socket engine costs three thread hops per arrival.
/// </summary>
internal sealed class MqttLink : IDisposable
{
    private readonly Socket _socket;
    private int _closed;

    public MqttLink(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public Stream Stream { get; }

    /// <summary>Ends the connection and wakes a thread blocked in a read or a write on it (idempotent).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Shutdown(_socket);
        Stream.Dispose();
        _socket.Dispose();
    }

    /// <summary>Shuts both directions down: what makes a blocked recv(), send() or connect() return on Linux.</summary>
    public static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Never connected, already reset by the peer, or already closed.
        }
    }
}
