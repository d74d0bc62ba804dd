using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Transport;

namespace IntegrationHub.Adapters.OpcUa.Tests.Transport;

public sealed class FaultInjectionTests
{
    private readonly CancellationToken _ct = TestTimeout.Token(30);

    private static SecureChannelOptions Options(TimeSpan? requestTimeout = null) => new()
    {
        RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Hello_AnsweredWithError_ServiceExceptionWithStatusNameAndReason()
    {
        await using var fake = new FakeUaServer();
        var server = Task.Run(async () =>
        {
            await fake.AcceptAsync(_ct);
            await fake.ReadChunkAsync(_ct);
            await fake.SendAsync("ERR", (byte)'F', e =>
            {
                e.WriteUInt32(0x80830000); // BadTcpEndpointUrlInvalid
                e.WriteString("no such endpoint");
            }, _ct);
        });
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => UaSecureChannel.OpenAsync(fake.EndpointUrl, Options(), _ct));
        await server;
        Assert.Equal("BadTcpEndpointUrlInvalid", ex.StatusCode.Name);
        Assert.Contains("no such endpoint", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_BufferBelowMinimum_ProtocolError()
    {
        await using var fake = new FakeUaServer();
        var server = Task.Run(async () =>
        {
            await fake.AcceptAsync(_ct);
            await fake.ReadChunkAsync(_ct);
            await fake.SendAcknowledgeAsync(1024, 65535, _ct);
        });
        var ex = await Assert.ThrowsAsync<OpcUaProtocolException>(() => UaSecureChannel.OpenAsync(fake.EndpointUrl, Options(), _ct));
        await server;
        Assert.Equal("Acknowledge", ex.TypeName);
        Assert.Contains("8192", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_CarriesOurLimitsAndEndpointUrl()
    {
        await using var fake = new FakeUaServer();
        var hello = Task.Run(async () =>
        {
            await fake.AcceptAsync(_ct);
            return await fake.ReadChunkAsync(_ct);
        });
        _ = UaSecureChannel.OpenAsync(fake.EndpointUrl, Options() with { TransportLimits = new TransportLimits(16384, 8192, 1_000_000, 32) }, _ct)
            .ContinueWith(t => t.Exception, TaskScheduler.Default);
        var bytes = await hello;
        var d = new BinaryDecoder(bytes);
        Assert.Equal("HELF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal((uint)bytes.Length, new BinaryDecoder(bytes.AsMemory(4)).ReadUInt32());
        d.ReadRaw(8);
        Assert.Equal(0u, d.ReadUInt32()); // ProtocolVersion
        Assert.Equal(16384u, d.ReadUInt32()); // ReceiveBufferSize
        Assert.Equal(8192u, d.ReadUInt32()); // SendBufferSize
        Assert.Equal(1_000_000u, d.ReadUInt32()); // MaxMessageSize
        Assert.Equal(32u, d.ReadUInt32()); // MaxChunkCount
        Assert.Equal(fake.EndpointUrl.OriginalString, d.ReadString());
    }

    [Fact]
    public async Task Response_AbortChunk_RequestFailsWithAbortStatusAndChannelStaysOpen()
    {
        await using var fake = new FakeUaServer();
        var handshake = fake.HandshakeAsync(_ct);
        await using var channel = await UaSecureChannel.OpenAsync(fake.EndpointUrl, Options(), _ct);
        await handshake;
        Assert.Equal(7u, channel.Token.ChannelId);
        var call = channel.SendRequestAsync<GetEndpointsResponse>(new GetEndpointsRequest(), _ct);
        var requestId = await fake.ReadRequestIdAsync(_ct);
        await fake.SendSymmetricAsync((byte)'C', requestId, e => e.WriteRaw(new byte[100]), _ct);
        await fake.SendSymmetricAsync((byte)'A', requestId, e =>
        {
            e.WriteUInt32(0x80B90000); // BadResponseTooLarge
            e.WriteString("too big");
        }, _ct);
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => call);
        Assert.Equal("BadResponseTooLarge", ex.StatusCode.Name);
        Assert.False(channel.Completion.IsCompleted);
    }

    [Fact]
    public async Task Response_NeverSent_BadTimeoutAfterRequestTimeout()
    {
        await using var fake = new FakeUaServer();
        var handshake = fake.HandshakeAsync(_ct);
        await using var channel = await UaSecureChannel.OpenAsync(fake.EndpointUrl, Options(TimeSpan.FromMilliseconds(300)), _ct);
        await handshake;
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => channel.SendRequestAsync<GetEndpointsResponse>(new GetEndpointsRequest(), _ct));
        Assert.Equal("BadTimeout", ex.StatusCode.Name);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Response_ServiceFault_ExceptionWithServiceResult()
    {
        await using var fake = new FakeUaServer();
        var handshake = fake.HandshakeAsync(_ct);
        await using var channel = await UaSecureChannel.OpenAsync(fake.EndpointUrl, Options(), _ct);
        await handshake;
        var call = channel.SendRequestAsync<GetEndpointsResponse>(new GetEndpointsRequest(), _ct);
        var requestId = await fake.ReadRequestIdAsync(_ct);
        await fake.SendSymmetricAsync((byte)'F', requestId, e =>
        {
            e.WriteNodeId(new NodeId(397)); // ServiceFault
            FakeUaServer.WriteResponseHeader(e, 0x800B0000); // BadServiceUnsupported
        }, _ct);
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => call);
        Assert.Equal("BadServiceUnsupported", ex.StatusCode.Name);
        Assert.Contains("GetEndpoints", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunk_LargerThanReceiveBuffer_ChannelFaultsWithMessageTooLarge()
    {
        await using var fake = new FakeUaServer();
        var handshake = fake.HandshakeAsync(_ct);
        await using var channel = await UaSecureChannel.OpenAsync(fake.EndpointUrl, Options(), _ct);
        await handshake;
        var call = channel.SendRequestAsync<GetEndpointsResponse>(new GetEndpointsRequest(), _ct);
        await fake.ReadRequestIdAsync(_ct);
        // A header announcing 10 MB, far over the 65535-byte receive buffer; the client must not try to read it.
        await fake.Stream.WriteAsync(new byte[] { (byte)'M', (byte)'S', (byte)'G', (byte)'F', 0x80, 0x96, 0x98, 0x00 }, _ct);
        var ex = await Assert.ThrowsAsync<OpcUaProtocolException>(() => call);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, ex.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => channel.Completion);
    }

    [Fact]
    public async Task Response_InChunksOverMaxChunkCount_BadResponseTooLarge()
    {
        await using var fake = new FakeUaServer();
        var handshake = fake.HandshakeAsync(_ct);
        var options = Options() with { TransportLimits = new TransportLimits(65535, 65535, 0, 3) };
        await using var channel = await UaSecureChannel.OpenAsync(fake.EndpointUrl, options, _ct);
        await handshake;
        var call = channel.SendRequestAsync<GetEndpointsResponse>(new GetEndpointsRequest(), _ct);
        var requestId = await fake.ReadRequestIdAsync(_ct);
        for (var i = 0; i < 4; i++)
        {
            await fake.SendSymmetricAsync((byte)'C', requestId, e => e.WriteRaw(new byte[10]), _ct);
        }

        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => call);
        Assert.Equal("BadResponseTooLarge", ex.StatusCode.Name);
    }
}
