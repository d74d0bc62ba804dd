using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Tests.Transport;

/// <summary>
/// A tiny peer that speaks just enough UA-TCP to put the client into states a real server will not produce on
/// demand: an Error instead of Acknowledge, abort chunks, oversized chunks, silence.
/// </summary>
internal sealed class FakeUaServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _client;
    private uint _sequence = 1;

    public FakeUaServer() => _listener.Start();

    public Uri EndpointUrl => new($"opc.tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public NetworkStream Stream => _client!.GetStream();

    public async Task AcceptAsync(CancellationToken ct) => _client = await _listener.AcceptTcpClientAsync(ct);

    /// <summary>Reads one whole chunk (header included).</summary>
    public async Task<byte[]> ReadChunkAsync(CancellationToken ct)
    {
        var header = new byte[8];
        await Stream.ReadExactlyAsync(header, ct);
        var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        var chunk = new byte[size];
        header.CopyTo(chunk, 0);
        await Stream.ReadExactlyAsync(chunk.AsMemory(8), ct);
        return chunk;
    }

    public async Task SendAsync(string type, byte isFinal, Action<BinaryEncoder> body, CancellationToken ct)
    {
        var e = new BinaryEncoder();
        e.WriteRaw(System.Text.Encoding.ASCII.GetBytes(type));
        e.WriteByte(isFinal);
        e.WriteUInt32(0);
        body(e);
        var bytes = e.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)bytes.Length);
        await Stream.WriteAsync(bytes, ct);
    }

    public Task SendAcknowledgeAsync(uint receiveBuffer, uint sendBuffer, CancellationToken ct) => SendAsync("ACK", (byte)'F', e =>
    {
        e.WriteUInt32(0);
        e.WriteUInt32(receiveBuffer);
        e.WriteUInt32(sendBuffer);
        e.WriteUInt32(0);
        e.WriteUInt32(0);
    }, ct);

    /// <summary>Hello → Acknowledge, then answers the OpenSecureChannel with channel 7, token 1. Returns nothing more.</summary>
    public async Task HandshakeAsync(CancellationToken ct)
    {
        await AcceptAsync(ct);
        await ReadChunkAsync(ct); // HEL
        await SendAcknowledgeAsync(65535, 65535, ct);
        var opn = await ReadChunkAsync(ct);
        var d = new BinaryDecoder(opn.AsMemory(12));
        d.ReadString();
        d.ReadByteString();
        d.ReadByteString();
        d.ReadUInt32();
        var requestId = d.ReadUInt32();
        await SendAsync("OPN", (byte)'F', e =>
        {
            e.WriteUInt32(7);
            e.WriteString("http://opcfoundation.org/UA/SecurityPolicy#None");
            e.WriteByteString((byte[]?)null);
            e.WriteByteString((byte[]?)null);
            e.WriteUInt32(_sequence++);
            e.WriteUInt32(requestId);
            e.WriteNodeId(new NodeId(449));
            WriteResponseHeader(e);
            e.WriteUInt32(0); // ServerProtocolVersion
            e.WriteUInt32(7); // ChannelId
            e.WriteUInt32(1); // TokenId
            e.WriteDateTime(DateTime.UtcNow);
            e.WriteUInt32(3_600_000);
            e.WriteByteString((byte[]?)null);
        }, ct);
    }

    /// <summary>Reads a MSG chunk and returns its request id.</summary>
    public async Task<uint> ReadRequestIdAsync(CancellationToken ct)
    {
        var chunk = await ReadChunkAsync(ct);
        return BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(20));
    }

    public Task SendSymmetricAsync(byte isFinal, uint requestId, Action<BinaryEncoder> body, CancellationToken ct) => SendAsync("MSG", isFinal, e =>
    {
        e.WriteUInt32(7);
        e.WriteUInt32(1);
        e.WriteUInt32(_sequence++);
        e.WriteUInt32(requestId);
        body(e);
    }, ct);

    public static void WriteResponseHeader(BinaryEncoder e, uint serviceResult = 0)
    {
        e.WriteDateTime(DateTime.UtcNow);
        e.WriteUInt32(1);
        e.WriteUInt32(serviceResult);
        e.WriteByte(0); // DiagnosticInfo
        e.WriteInt32(-1); // StringTable
        e.WriteExtensionObject((ExtensionObject?)null);
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}
