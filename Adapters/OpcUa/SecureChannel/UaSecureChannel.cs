using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Transport;

namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

/// <summary>
/// A secure channel (Part 6 6.7) over one UA-TCP connection, with SecurityPolicy None or, through
/// <see cref="ChannelSecurity"/>, Basic256Sha256 in Sign or SignAndEncrypt: OpenSecureChannel, token
/// renewal at 75 % of its lifetime (new nonces, new keys), requests split into chunks of the negotiated size, responses matched by
/// request id and reassembled, per-request timeouts. When the connection dies every pending request fails
/// with a transient <see cref="OpcUaServiceException"/> and <see cref="Completion"/> completes.
/// </summary>
internal sealed partial class UaSecureChannel : IAsyncDisposable
{
    // Symmetric chunk prefix after the 8-byte header: SecureChannelId, TokenId, SequenceNumber, RequestId (UInt32 each).
    private const int SymmetricPrefix = ChunkHeader.Size + 16;

    private readonly UaTcpConnection _connection;
    private readonly SecureChannelOptions _options;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly SemaphoreSlim _sendMessageLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _renewLoop = Task.CompletedTask;
    private uint _channelId;
    private volatile TokenState? _token;
    private volatile TokenState? _previousToken;
    private uint _lastRequestId;
    private uint _lastRequestHandle;
    private uint _sendSequence;
    private uint _receiveSequence;
    private bool _receivedAny;
    private int _disposed;

    private UaSecureChannel(UaTcpConnection connection, SecureChannelOptions options, Uri endpointUrl)
    {
        _connection = connection;
        _options = options;
        EndpointUrl = endpointUrl;
        // Part 6 6.7.2.4: the first sequence number shall be less than 1024; start low and count up.
        _sendSequence = (uint)Random.Shared.Next(1, 1000);
    }

    public Uri EndpointUrl { get; }

    /// <summary>The current security token (after open and after each renewal).</summary>
    public ChannelSecurityToken Token => _token?.Token ?? throw new InvalidOperationException("The channel is not open.");

    /// <summary>The security mode of the channel.</summary>
    public MessageSecurityMode SecurityMode => _options.Security?.Mode ?? MessageSecurityMode.None;

    /// <summary>Number of times the token was renewed.</summary>
    public int RenewalCount { get; private set; }

    /// <summary>Completes when the channel is closed or its connection lost (faulted with the cause).</summary>
    public Task Completion => _completion.Task;

    public TransportLimits RemoteLimits => _connection.Remote;

    public int SendChunkSize => _connection.SendChunkSize;

    public static async Task<UaSecureChannel> OpenAsync(Uri endpointUrl, SecureChannelOptions options, CancellationToken cancellationToken)
    {
        var connection = await UaTcpConnection.ConnectAsync(endpointUrl, options.TransportLimits, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var channel = new UaSecureChannel(connection, options, endpointUrl);
        try
        {
            channel._receiveLoop = Task.Run(() => channel.ReceiveLoopAsync(channel._lifetime.Token), CancellationToken.None);
            await channel.OpenOrRenewAsync(renew: false, cancellationToken).ConfigureAwait(false);
            channel._renewLoop = Task.Run(() => channel.RenewLoopAsync(channel._lifetime.Token), CancellationToken.None);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task OpenOrRenewAsync(bool renew, CancellationToken cancellationToken)
    {
        var security = _options.Security;
        // SecurityPolicy None: no nonce (Part 6 6.7.4); otherwise a fresh one for every issue and renewal.
        var clientNonce = security is null ? null : RandomNumberGenerator.GetBytes(security.Policy.NonceLength);
        var request = new OpenSecureChannelRequest
        {
            RequestType = renew ? 1 : 0,
            SecurityMode = SecurityMode,
            ClientNonce = clientNonce,
            RequestedLifetime = (uint)_options.RequestedLifetime.TotalMilliseconds,
        };
        var response = await SendAsync<OpenSecureChannelResponse>(request, MessageType.OpenSecureChannel, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        var token = response.SecurityToken;
        var state = new TokenState(token, null, null);
        if (security is not null)
        {
            var serverNonce = response.ServerNonce;
            if (serverNonce is null || serverNonce.Length != security.Policy.NonceLength)
            {
                throw new OpcUaServiceException(StatusCodes.BadSecurityChecksFailed, string.Create(CultureInfo.InvariantCulture,
                    $"The server's nonce has {serverNonce?.Length ?? 0} bytes; {security.Policy.Uri} needs {security.Policy.NonceLength}."));
            }

            state = state with
            {
                ClientKeys = SymmetricKeys.Derive(security.Policy, secret: serverNonce, seed: clientNonce!),
                ServerKeys = SymmetricKeys.Derive(security.Policy, secret: clientNonce!, seed: serverNonce),
            };
        }

        if (renew)
        {
            if (token.ChannelId != _channelId)
            {
                throw new OpcUaProtocolException(string.Create(CultureInfo.InvariantCulture, $"Renewed token is for channel {token.ChannelId}, expected {_channelId}."));
            }

            _previousToken = _token;
            RenewalCount++;
        }
        else
        {
            _channelId = token.ChannelId;
        }

        _token = state;
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Part 6 6.7.4: renew before the token expires; 75 % of the revised lifetime leaves room for slow servers.
                var lifetime = TimeSpan.FromMilliseconds(Math.Max(1000, Token.RevisedLifetime));
                await Task.Delay(lifetime * 0.75, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                await OpenOrRenewAsync(renew: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fault(e is OpcUaServiceException ? e : new OpcUaServiceException(StatusCodes.BadSecureChannelClosed, "Secure channel renewal failed: " + e.Message, e));
        }
    }

    /// <summary>Sends a service request as a MSG and waits for its response (or a ServiceFault, raised as an exception).</summary>
    public Task<TResponse> SendRequestAsync<TResponse>(IServiceRequest request, CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse
        => SendAsync<TResponse>(request, MessageType.Message, _options.RequestTimeout, cancellationToken);

    public Task<TResponse> SendRequestAsync<TResponse>(IServiceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse
        => SendAsync<TResponse>(request, MessageType.Message, timeout, cancellationToken);

    private async Task<TResponse> SendAsync<TResponse>(IServiceRequest request, MessageType type, TimeSpan timeout, CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_completion.Task.IsCompleted)
        {
            throw new OpcUaServiceException(StatusCodes.BadSecureChannelClosed, "The secure channel is closed.", _completion.Task.Exception?.InnerException);
        }

        var header = request.RequestHeader;
        header.RequestHandle = Interlocked.Increment(ref _lastRequestHandle);
        header.Timestamp = _options.TimeProvider.GetUtcNow().UtcDateTime;
        header.TimeoutHint = timeout == Timeout.InfiniteTimeSpan ? 0 : (uint)timeout.TotalMilliseconds;

        // Message body: the NodeId of the request's binary encoding, then the request (Part 6 6.7.2.2 / 5.2.6).
        var body = new BinaryEncoder(256);
        body.WriteNodeId(request.BinaryEncodingId);
        request.Encode(body);
        var remoteMax = _connection.Remote.MaxMessageSize;
        if (remoteMax != 0 && body.Position > remoteMax)
        {
            throw new OpcUaServiceException(StatusCodes.BadRequestTooLarge, string.Create(CultureInfo.InvariantCulture, $"Request of {body.Position} bytes exceeds the server's MaxMessageSize of {remoteMax}."));
        }

        var requestId = Interlocked.Increment(ref _lastRequestId);
        var pending = new PendingRequest(requestId, header.RequestHandle);
        _pending[requestId] = pending;
        try
        {
            await SendMessageAsync(type, requestId, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
            ReadOnlyMemory<byte> responseBody;
            try
            {
                responseBody = timeout == Timeout.InfiniteTimeSpan
                    ? await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false)
                    : await pending.Task.WaitAsync(timeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new OpcUaServiceException(StatusCodes.BadTimeout, string.Create(CultureInfo.InvariantCulture, $"No response to {request.GetType().Name} (request id {requestId}) within {timeout.TotalSeconds:0.###} s."));
            }

            return DecodeResponse<TResponse>(responseBody, request);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private TResponse DecodeResponse<TResponse>(ReadOnlyMemory<byte> body, IServiceRequest request)
        where TResponse : class, IServiceResponse
    {
        var d = new BinaryDecoder(body, _options.EncodingLimits);
        var typeId = d.ReadNodeId();
        if (typeId.NamespaceIndex != 0 || typeId.RawIdentifier is not uint id || !ServiceTypes.Responses.TryGetValue(id, out var decode))
        {
            throw new OpcUaProtocolException("ResponseMessage", 0, $"unknown response type {typeId} to {request.GetType().Name}");
        }

        var response = decode(d);
        d.EnsureEnd(response.GetType().Name);
        var result = response.ResponseHeader.ServiceResult;
        if (response is ServiceFault || result.IsBad)
        {
            throw new OpcUaServiceException(result, $"{request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal)} failed: {result}");
        }

        return response as TResponse
            ?? throw new OpcUaProtocolException("ResponseMessage", 0, $"expected {typeof(TResponse).Name} but received {response.GetType().Name}");
    }

    // Splits a message into chunks no larger than the server's receive buffer (Part 6 6.7.2): what fits after the
    // headers and, with security, the padding and signature.
    private async Task SendMessageAsync(MessageType type, uint requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var security = _options.Security;
        var maxBody = type == MessageType.OpenSecureChannel
            ? security?.MaxAsymmetricBody(_connection.SendChunkSize, AsymmetricHeaderLength()) ?? _connection.SendChunkSize - AsymmetricHeaderLength() - 8
            : security?.MaxSymmetricBody(_connection.SendChunkSize) ?? _connection.SendChunkSize - SymmetricPrefix;
        var chunkCount = Math.Max(1, (body.Length + maxBody - 1) / maxBody);
        var remoteMaxChunks = _connection.Remote.MaxChunkCount;
        if (remoteMaxChunks != 0 && chunkCount > remoteMaxChunks)
        {
            throw new OpcUaServiceException(StatusCodes.BadRequestTooLarge, string.Create(CultureInfo.InvariantCulture, $"Request needs {chunkCount} chunks; the server accepts {remoteMaxChunks}."));
        }

        await _sendMessageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var offset = 0;
            for (var i = 0; i < chunkCount; i++)
            {
                var part = body.Slice(offset, Math.Min(maxBody, body.Length - offset));
                offset += part.Length;
                var isFinal = i == chunkCount - 1 ? ChunkHeader.Final : ChunkHeader.Intermediate;
                var chunk = BuildChunk(type, isFinal, requestId, part.Span);
                await _connection.SendChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendMessageLock.Release();
        }
    }

    // Message header, SecureChannelId and the asymmetric security header (Part 6 6.7.2.3).
    private int AsymmetricHeaderLength()
    {
        var security = _options.Security;
        return ChunkHeader.Size + 4
            + 4 + System.Text.Encoding.UTF8.GetByteCount(security?.Policy.Uri ?? SecurityPolicyUris.None)
            + 4 + (security?.OwnCertificate.Length ?? 0)
            + 4 + (security?.ServerThumbprint.Length ?? 0);
    }

    private byte[] BuildChunk(MessageType type, byte isFinal, uint requestId, ReadOnlySpan<byte> part)
    {
        var security = _options.Security;
        var token = _token;
        var e = new BinaryEncoder(part.Length + 128);
        e.WriteRaw(stackalloc byte[ChunkHeader.Size]);
        e.WriteUInt32(_channelId); // SecureChannelId (0 before the first OpenSecureChannel response)
        if (type == MessageType.OpenSecureChannel)
        {
            // Asymmetric security header (Part 6 6.7.2.3): SecurityPolicyUri, SenderCertificate, ReceiverCertificateThumbprint.
            e.WriteString(security?.Policy.Uri ?? SecurityPolicyUris.None);
            e.WriteByteString(security?.OwnCertificate);
            e.WriteByteString(security?.ServerThumbprint);
        }
        else
        {
            e.WriteUInt32(token?.Token.TokenId ?? 0); // Symmetric security header (Part 6 6.7.2.4): TokenId
        }

        var headerLength = e.Position;
        // Sequence header (Part 6 6.7.2.5): SequenceNumber, RequestId. Wraps before UInt32.MaxValue - 1024 to a value below 1024.
        _sendSequence = _sendSequence >= uint.MaxValue - 1024 ? 1 : _sendSequence + 1;
        e.WriteUInt32(_sendSequence);
        e.WriteUInt32(requestId);
        e.WriteRaw(part);
        var unprotected = e.ToArray();
        new ChunkHeader(type, isFinal, (uint)unprotected.Length).Write(unprotected);
        if (security is null)
        {
            return unprotected;
        }

        var header = unprotected.AsSpan(0, headerLength);
        var content = unprotected.AsSpan(headerLength);
        return type == MessageType.OpenSecureChannel
            ? security.SealAsymmetric(header, content)
            : security.SealSymmetric(header, content, token?.ClientKeys ?? throw new InvalidOperationException("The channel has no keys yet."));
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        try
        {
            var request = new CloseSecureChannelRequest();
            request.RequestHeader.RequestHandle = Interlocked.Increment(ref _lastRequestHandle);
            request.RequestHeader.Timestamp = _options.TimeProvider.GetUtcNow().UtcDateTime;
            var body = new BinaryEncoder();
            body.WriteNodeId(request.BinaryEncodingId);
            request.Encode(body);
            await SendMessageAsync(MessageType.CloseSecureChannel, Interlocked.Increment(ref _lastRequestId), body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (OpcUaServiceException)
        {
            // The connection is already gone; nothing to close.
        }

        Fault(new OpcUaServiceException(StatusCodes.BadSecureChannelClosed, "The secure channel was closed by the client."));
    }

    /// <summary>Drops the channel without a CloseSecureChannel (used when the server stopped answering).</summary>
    public void Abort(Exception cause)
    {
        Fault(cause);
        _ = _connection.DisposeAsync().AsTask();
    }

    private void Fault(Exception cause)
    {
        if (!_completion.TrySetException(cause))
        {
            return;
        }

        _lifetime.Cancel();
        foreach (var pending in _pending.Values)
        {
            pending.Fail(cause);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Fault(new OpcUaServiceException(StatusCodes.BadSecureChannelClosed, "The secure channel was disposed."));
        _ = _completion.Task.Exception; // observed
        await _connection.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_receiveLoop, _renewLoop).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Loops end with the errors already reported through Completion.
        }

        _lifetime.Dispose();
        _sendMessageLock.Dispose();
    }
}
