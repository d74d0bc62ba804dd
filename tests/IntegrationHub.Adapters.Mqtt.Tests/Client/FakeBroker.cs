using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Tests.Client;

/// <summary>
/// A scripted peer on a loopback port, for faults a real broker will not produce on demand (STYLE.md: failure
/// injection at the wire). It sends hand-written bytes and reads the client's packets.
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public FakeBroker() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task<Session> AcceptAsync(MqttProtocolVersion version)
    {
        Socket socket = await _listener.AcceptSocketAsync().WaitAsync(Timeout);
        return new Session(socket, version);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    internal sealed class Session : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly PipeReader _reader;
        private readonly MqttPacketDecoder _decoder;

        public Session(Socket socket, MqttProtocolVersion version)
        {
            _socket = socket;
            _stream = new NetworkStream(socket, ownsSocket: true);
            _reader = PipeReader.Create(_stream);
            _decoder = new MqttPacketDecoder(version);
        }

        public async Task<T> ReadAsync<T>()
            where T : MqttPacket
        {
            MqttPacket packet = await ReadAnyAsync();
            return Assert.IsAssignableFrom<T>(packet);
        }

        public async Task<MqttPacket> ReadAnyAsync() => (await ReadWithBytesAsync()).Packet;

        /// <summary>Reads the next packet and returns its bytes exactly as the client put them on the wire, in lower-case hex.</summary>
        public async Task<string> ReadHexAsync() => Convert.ToHexString((await ReadWithBytesAsync()).Bytes).ToLowerInvariant();

        private async Task<(MqttPacket Packet, byte[] Bytes)> ReadWithBytesAsync()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (true)
            {
                ReadResult result = await _reader.ReadAsync(timeout.Token);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (_decoder.TryDecode(buffer, out MqttPacket? packet, out SequencePosition consumed))
                {
                    byte[] bytes = buffer.Slice(0, consumed).ToArray();
                    _reader.AdvanceTo(consumed);
                    return (packet!, bytes);
                }

                Assert.False(result.IsCompleted, "the client closed the connection");
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        public async Task SendAsync(string hex)
        {
            await _stream.WriteAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
            await _stream.FlushAsync();
        }

        /// <summary>Reads CONNECT and answers with <paramref name="connAckHex"/>.</summary>
        public async Task<ConnectPacket> HandshakeAsync(string connAckHex)
        {
            ConnectPacket connect = await ReadAsync<ConnectPacket>();
            await SendAsync(connAckHex);
            return connect;
        }

        public void Drop() => _socket.Close(0);

        public async ValueTask DisposeAsync()
        {
            await _reader.CompleteAsync();
            await _stream.DisposeAsync();
        }
    }
}
