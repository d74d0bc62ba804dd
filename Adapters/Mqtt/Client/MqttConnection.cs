using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// One network connection: a pipe reader that decodes packets on demand (nothing is read from the socket unless
/// someone asks for the next packet: that is the back-pressure), and one writer loop that batches queued packets
/// into as few socket writes as possible.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private const int WriteBatchBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly MqttPacketDecoder _decoder;
    private readonly Channel<MqttPacket> _outgoing;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _writer;
    private long _lastSentTicks;
    private long _lastReceivedTicks;
    private int _aborted;
    private volatile bool _readerPaused;
    private OutboundTopicAliases? _topicAliases;

    public MqttConnection(Stream stream, MqttProtocolVersion version, int maximumPacketSize, TimeProvider timeProvider)
    {
        _stream = stream;
        Version = version;
        _timeProvider = timeProvider;
        _decoder = new MqttPacketDecoder(version, maximumPacketSize);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));

        // Bounded: a publisher that outruns the socket waits here instead of queueing without limit.
        _outgoing = Channel.CreateBounded<MqttPacket>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _lastSentTicks = _lastReceivedTicks = timeProvider.GetTimestamp();
        _writer = Task.Run(WriteLoopAsync);
    }

    public MqttProtocolVersion Version { get; }

    /// <summary>Gets the reason the connection ended (null: closed normally); completes once.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public CancellationToken ClosingToken => _closing.Token;

    public bool IsOpen => Volatile.Read(ref _aborted) == 0;

    public TimeSpan SinceLastSent => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastSentTicks));

    public TimeSpan SinceLastReceived => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastReceivedTicks));

    /// <summary>Set by the reader while it waits for room in the inbound queue: silence is then ours, not the broker's.</summary>
    public bool ReaderPaused
    {
        get => _readerPaused;
        set => _readerPaused = value;
    }

    /// <summary>Gets how many outbound topic aliases this connection assigned.</summary>
    public int OutboundTopicAliasCount => Volatile.Read(ref _topicAliases)?.Count ?? 0;

    /// <summary>
    /// Turns on outbound topic aliases up to the broker's Topic Alias Maximum from CONNACK (0: never send one,
    /// [MQTT-3.3.2-8]). Called once, before anything but CONNECT was queued.
    /// </summary>
    public void UseOutboundTopicAliases(ushort serverMaximum)
        => Volatile.Write(ref _topicAliases, serverMaximum == 0 ? null : new OutboundTopicAliases(serverMaximum));

    public void MarkReceived() => Interlocked.Exchange(ref _lastReceivedTicks, _timeProvider.GetTimestamp());

    public async ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new MqttCommunicationException("The connection to the MQTT broker is closed.", ex);
        }
    }

    public bool TrySend(MqttPacket packet) => IsOpen && _outgoing.Writer.TryWrite(packet);

    /// <summary>Returns the next packet, or null when the broker closed the connection cleanly between packets.</summary>
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition consumed = buffer.Start;
            SequencePosition examined = buffer.End;
            try
            {
                if (_decoder.TryDecode(buffer, out MqttPacket? packet, out consumed))
                {
                    examined = consumed;
                    MarkReceived();
                    return packet;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    if (buffer.Length > 0)
                    {
                        throw new MqttCommunicationException("The MQTT broker closed the connection in the middle of a packet.");
                    }

                    return null;
                }
            }
            finally
            {
                _reader.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>Ends the connection (idempotent). <paramref name="reason"/> becomes the result of <see cref="Closed"/>.</summary>
    public void Abort(Exception? reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        _closing.Cancel();
        _reader.CancelPendingRead();
        _stream.Dispose();
        _closed.TrySetResult(reason);
    }

    /// <summary>Sends <paramref name="last"/> after everything queued, waits for it to be written, then closes.</summary>
    public async Task CloseAfterAsync(MqttPacket last, TimeSpan timeout)
    {
        if (_outgoing.Writer.TryWrite(last))
        {
            _outgoing.Writer.TryComplete();
            try
            {
                await _writer.WaitAsync(timeout, _timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Closing anyway.
            }
        }

        Abort(null);
    }

    public async ValueTask DisposeAsync()
    {
        Abort(null);
        try
        {
            await _writer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        using var buffer = new MqttBufferWriter(WriteBatchBytes);
        ChannelReader<MqttPacket> reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                buffer.Clear();
                OutboundTopicAliases? aliases = Volatile.Read(ref _topicAliases);
                while (buffer.Length < WriteBatchBytes && reader.TryRead(out MqttPacket? packet))
                {
                    // Aliases are assigned here, in wire order, so a mapping always precedes its first use.
                    if (aliases is not null && packet is PublishPacket publish)
                    {
                        packet = aliases.Apply(publish);
                    }

                    MqttPacketEncoder.Encode(buffer, packet, Version);
                }

                await _stream.WriteAsync(buffer.WrittenMemory, _closing.Token).ConfigureAwait(false);
                await _stream.FlushAsync(_closing.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastSentTicks, _timeProvider.GetTimestamp());
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or ArgumentException or NotSupportedException)
        {
            Abort(new MqttCommunicationException("Writing to the MQTT broker failed: " + ex.Message, ex));
        }
    }
}
