using System.Globalization;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Transport;

namespace IntegrationHub.Adapters.OpcUa.SecureChannel;

// The receive side: reads chunks, checks channel, token and sequence numbers, reassembles messages by request id.
internal sealed partial class UaSecureChannel
{
    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var chunk = await _connection.ReceiveChunkAsync(cancellationToken).ConfigureAwait(false);
                HandleChunk(chunk);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_disposed != 0)
        {
        }
        catch (Exception e)
        {
            Fault(e is OpcUaServiceException or OpcUaProtocolException
                ? e
                : new OpcUaServiceException(StatusCodes.BadCommunicationError, "Connection lost: " + e.Message, e));
        }
    }

    private void HandleChunk(RawChunk chunk)
    {
        var d = new BinaryDecoder(chunk.Body, _options.EncodingLimits, ChunkHeader.Size);
        var security = _options.Security;
        switch (chunk.Header.Type)
        {
            case MessageType.Error:
                throw UaTcpConnection.ReadError(d);
            case MessageType.OpenSecureChannel:
                {
                    d.ReadUInt32(); // SecureChannelId: new channel id, read from the response body's token
                    var headerStart = d.Position;
                    var policy = d.ReadString();
                    var senderCertificate = d.ReadByteString();
                    var receiverThumbprint = d.ReadByteString();
                    if (security is null)
                    {
                        if (policy != SecurityPolicyUris.None)
                        {
                            throw d.Error("AsymmetricSecurityHeader", $"unexpected security policy '{policy}'");
                        }

                        break;
                    }

                    security.CheckAsymmetricHeader(policy, senderCertificate, receiverThumbprint, ChunkHeader.Size + headerStart);
                    d = Unprotected(security.OpenAsymmetric(WholeChunk(chunk), ChunkHeader.Size + d.Position), ChunkHeader.Size + d.Position);
                    break;
                }

            case MessageType.Message:
            case MessageType.CloseSecureChannel:
                {
                    var channelId = d.ReadUInt32();
                    if (channelId != _channelId)
                    {
                        throw d.Error("SecureChannelId", string.Create(CultureInfo.InvariantCulture, $"message for channel {channelId}, expected {_channelId}"));
                    }

                    var tokenId = d.ReadUInt32();
                    var token = _token is { } current && current.Token.TokenId == tokenId ? current
                        : _previousToken is { } previous && previous.Token.TokenId == tokenId ? previous
                        : throw d.Error("TokenId", string.Create(CultureInfo.InvariantCulture, $"unknown token {tokenId}"));
                    if (security is not null)
                    {
                        d = Unprotected(security.OpenSymmetric(WholeChunk(chunk), ChunkHeader.Size + d.Position, token.ServerKeys!), ChunkHeader.Size + d.Position);
                    }

                    break;
                }

            default:
                throw new OpcUaProtocolException("MessageHeader", 0, $"unexpected {chunk.Header.Type} message on an open channel");
        }

        var sequenceNumber = d.ReadUInt32();
        CheckSequence(sequenceNumber, d);
        var requestId = d.ReadUInt32();
        if (!_pending.TryGetValue(requestId, out var pending))
        {
            // The request timed out or was cancelled; its late response is dropped.
            return;
        }

        if (chunk.Header.IsFinal == ChunkHeader.Abort)
        {
            // Abort chunk (Part 6 6.7.3): Error UInt32, Reason String.
            var status = d.ReadStatusCode();
            var reason = d.ReadString();
            pending.Fail(new OpcUaServiceException(status, $"The server aborted the response: {status} {reason}"));
            return;
        }

        if (pending.Discarding)
        {
            return;
        }

        var part = d.ReadRaw(d.Remaining).ToArray();
        pending.AddChunk(part);
        var limits = _options.TransportLimits;
        if ((limits.MaxChunkCount != 0 && pending.ChunkCount > limits.MaxChunkCount)
            || (limits.MaxMessageSize != 0 && pending.ReceivedBytes > limits.MaxMessageSize))
        {
            pending.Discarding = true;
            pending.Fail(new OpcUaServiceException(StatusCodes.BadResponseTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"Response to request {requestId} exceeds MaxMessageSize {limits.MaxMessageSize} or MaxChunkCount {limits.MaxChunkCount}.")));
            return;
        }

        if (chunk.Header.IsFinal == ChunkHeader.Final)
        {
            pending.Complete();
        }
    }

    // Signatures cover the message header, so the secured chunk is checked as a whole.
    private static byte[] WholeChunk(RawChunk chunk)
    {
        var whole = new byte[ChunkHeader.Size + chunk.Body.Length];
        new ChunkHeader(chunk.Header.Type, chunk.Header.IsFinal, chunk.Header.MessageSize).Write(whole);
        chunk.Body.CopyTo(whole, ChunkHeader.Size);
        return whole;
    }

    private BinaryDecoder Unprotected(ReadOnlyMemory<byte> content, int offset) => new(content, _options.EncodingLimits, offset);

    // Part 6 6.7.2.5: each chunk's sequence number is one more than the previous; after UInt32.MaxValue - 1024 it wraps below 1024.
    private void CheckSequence(uint sequenceNumber, BinaryDecoder d)
    {
        if (_receivedAny)
        {
            var expected = _receiveSequence + 1;
            var wrapped = _receiveSequence >= uint.MaxValue - 1024 && sequenceNumber < 1024;
            if (sequenceNumber != expected && !wrapped)
            {
                throw d.Error("SequenceHeader", string.Create(CultureInfo.InvariantCulture, $"sequence number {sequenceNumber}, expected {expected}"));
            }
        }

        _receivedAny = true;
        _receiveSequence = sequenceNumber;
    }
}
