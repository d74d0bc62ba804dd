using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Transport;

/// <summary>
/// A UA-TCP connection (Part 6 7.1): connects, exchanges Hello/Acknowledge, then sends and receives raw chunks
/// whose sizes are checked against the negotiated limits. Knows nothing of secure channels.
/// </summary>
internal sealed class UaTcpConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IDisposable? _owner;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _headerBuffer = new byte[ChunkHeader.Size];
    private long _receivedBytes;

    private UaTcpConnection(Stream stream, IDisposable? owner, TransportLimits local, TransportLimits remote)
    {
        _stream = stream;
        _owner = owner;
        Local = local;
        Remote = remote;
    }

    /// <summary>Our limits, as sent in Hello (receive side) and revised by the Acknowledge (send side).</summary>
    public TransportLimits Local { get; }

    /// <summary>The server's limits from the Acknowledge.</summary>
    public TransportLimits Remote { get; }

    /// <summary>Largest chunk we may send: the server's receive buffer, at most our send buffer.</summary>
    public int SendChunkSize => (int)Math.Min(Local.SendBufferSize, Remote.ReceiveBufferSize);

    public static async Task<UaTcpConnection> ConnectAsync(Uri endpointUrl, TransportLimits local, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!string.Equals(endpointUrl.Scheme, "opc.tcp", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Only opc.tcp:// endpoints are supported, not '{endpointUrl}'.", nameof(endpointUrl));
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(endpointUrl.IdnHost, endpointUrl.Port < 0 ? 4840 : endpointUrl.Port, cts.Token).ConfigureAwait(false);
            var connection = await HandshakeAsync(client.GetStream(), client, endpointUrl, local, cts.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new OpcUaServiceException(StatusCodes.BadTimeout, $"No connection to {endpointUrl} within {timeout.TotalSeconds:0.#} s.");
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new OpcUaServiceException(StatusCodes.BadCommunicationError, $"Cannot connect to {endpointUrl}: {e.Message}", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends Hello on an open stream and waits for Acknowledge or Error (used directly by tests with a fake peer).</summary>
    internal static async Task<UaTcpConnection> HandshakeAsync(Stream stream, IDisposable? owner, Uri endpointUrl, TransportLimits local, CancellationToken cancellationToken)
    {
        // Hello (Part 6 7.1.2.3): header, ProtocolVersion UInt32, ReceiveBufferSize UInt32, SendBufferSize UInt32,
        // MaxMessageSize UInt32, MaxChunkCount UInt32, EndpointUrl String (at most 4096 bytes).
        var e = new BinaryEncoder(128);
        e.WriteRaw(stackalloc byte[ChunkHeader.Size]);
        e.WriteUInt32(0);
        e.WriteUInt32(local.ReceiveBufferSize);
        e.WriteUInt32(local.SendBufferSize);
        e.WriteUInt32(local.MaxMessageSize);
        e.WriteUInt32(local.MaxChunkCount);
        e.WriteString(endpointUrl.OriginalString);
        var hello = e.ToArray();
        new ChunkHeader(MessageType.Hello, ChunkHeader.Final, (uint)hello.Length).Write(hello);
        await stream.WriteAsync(hello, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        var probe = new UaTcpConnection(stream, owner, local, local);
        var reply = await probe.ReceiveChunkAsync(cancellationToken).ConfigureAwait(false);
        var d = new BinaryDecoder(reply.Body, EncodingLimits.Default, ChunkHeader.Size);
        switch (reply.Header.Type)
        {
            case MessageType.Acknowledge:
                {
                    // Acknowledge (Part 6 7.1.2.4): ProtocolVersion, ReceiveBufferSize, SendBufferSize, MaxMessageSize, MaxChunkCount (UInt32 each).
                    d.ReadUInt32();
                    var remote = new TransportLimits(d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32());
                    if (remote.ReceiveBufferSize < TransportLimits.MinBufferSize || remote.SendBufferSize < TransportLimits.MinBufferSize)
                    {
                        throw new OpcUaProtocolException("Acknowledge", ChunkHeader.Size, string.Create(CultureInfo.InvariantCulture, $"buffer sizes {remote.ReceiveBufferSize}/{remote.SendBufferSize} are below the minimum of 8192"));
                    }

                    if (remote.SendBufferSize > local.ReceiveBufferSize)
                    {
                        throw new OpcUaProtocolException("Acknowledge", ChunkHeader.Size + 8, string.Create(CultureInfo.InvariantCulture, $"server send buffer {remote.SendBufferSize} exceeds our receive buffer {local.ReceiveBufferSize}"));
                    }

                    return new UaTcpConnection(stream, owner, local, remote);
                }

            case MessageType.Error:
                throw ReadError(d);
            default:
                throw new OpcUaProtocolException("Acknowledge", 0, $"expected ACK or ERR, received {reply.Header.Type}");
        }
    }

    /// <summary>Error message body (Part 6 7.1.2.5): Error UInt32 (a StatusCode), Reason String.</summary>
    internal static OpcUaServiceException ReadError(BinaryDecoder d)
    {
        var status = d.ReadStatusCode();
        var reason = d.ReadString();
        return new OpcUaServiceException(status, $"Server sent Error {status}: {reason}");
    }

    /// <summary>Reads one chunk; the header's size is checked against our receive buffer before reading the body.</summary>
    public async Task<RawChunk> ReceiveChunkAsync(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_headerBuffer, cancellationToken).ConfigureAwait(false);
        var header = ChunkHeader.Parse(_headerBuffer, _receivedBytes);
        if (header.MessageSize > Local.ReceiveBufferSize)
        {
            throw new OpcUaProtocolException("MessageHeader", _receivedBytes + 4, string.Create(CultureInfo.InvariantCulture, $"chunk of {header.MessageSize} bytes exceeds the receive buffer of {Local.ReceiveBufferSize}"))
            {
                StatusCode = StatusCodes.BadTcpMessageTooLarge,
            };
        }

        _receivedBytes += ChunkHeader.Size;
        var body = new byte[header.MessageSize - ChunkHeader.Size];
        await ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        _receivedBytes += body.Length;
        return new RawChunk(header, body);
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new OpcUaServiceException(StatusCodes.BadServerNotConnected, "The server closed the connection.", e);
        }
        catch (IOException e)
        {
            throw new OpcUaServiceException(StatusCodes.BadCommunicationError, "Connection lost: " + e.Message, e);
        }
    }

    /// <summary>Sends one complete chunk (header included); chunks of different messages never interleave mid-chunk.</summary>
    public async Task SendChunkAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Length > SendChunkSize)
        {
            throw new InvalidOperationException($"Chunk of {chunk.Length} bytes exceeds the negotiated {SendChunkSize}.");
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new OpcUaServiceException(StatusCodes.BadCommunicationError, "Connection lost: " + e.Message, e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public static uint ReadUInt32(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadUInt32LittleEndian(span);

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
        _sendLock.Dispose();
    }
}
