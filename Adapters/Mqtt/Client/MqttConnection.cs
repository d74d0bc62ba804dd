using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;
using IntegrationHub.Adapters.Mqtt.Transport;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// One network connection: a receive thread that moves bytes from the socket into a bounded pipe, packets decoded
/// from it on demand, and a send thread that batches queued packets into as few socket writes as possible.
/// </summary>
/// <remarks>
/// The pipe is the back-pressure: when the consumer falls behind it fills, the receive thread stops reading and TCP
/// flow control pushes back on the broker. Pipe continuations run inline, so the packet loop runs on the receive
/// thread until it waits; it must only ever wait asynchronously (everything that completes a caller's task does so
/// with RunContinuationsAsynchronously).
/// </remarks>
internal sealed class MqttConnection : IAsyncDisposable
{
    private const int WriteBatchBytes = 64 * 1024;
    private const int ReceiveBufferBytes = 16 * 1024;
    private const int PausedPipeBytes = 256 * 1024;

    private readonly MqttLink _link;
    private readonly Stream _stream;
    private readonly Pipe _received;
    private readonly MqttPacketDecoder _decoder;
    private readonly Channel<MqttPacket> _outgoing;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _receiveCoalescing;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _receiverStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Set by the writer when it sent something the broker answers, to cut a coalescing wait short.
    private readonly ManualResetEventSlim _answerAwaited = new(initialState: false, spinCount: 0);
    private readonly ITimer _coalescingTimer;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Set whenever a packet is queued: the writer thread sleeps on it, so waking it is one futex call, not a pool hop.
    private readonly ManualResetEventSlim _packetQueued = new(initialState: false, spinCount: 0);
    private long _lastSentTicks;
    private long _lastReceivedTicks;
    private int _aborted;
    private int _readerPaused;
    private int _receiveEnded;
    private OutboundTopicAliases? _topicAliases;

    public MqttConnection(MqttLink link, MqttProtocolVersion version, int maximumPacketSize, TimeSpan receiveCoalescing, TimeProvider timeProvider)
    {
        _link = link;
        _stream = link.Stream;
        Version = version;
        _timeProvider = timeProvider;
        _receiveCoalescing = receiveCoalescing;
        // Issue 16 item 12: a 3.1.1 broker cannot be told our maximum, so an oversized PUBLISH is read past, not fatal.
        _decoder = new MqttPacketDecoder(version, maximumPacketSize) { SkipOversizedPublish = version == MqttProtocolVersion.V311 };
        _received = new Pipe(new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: PausedPipeBytes,
            resumeWriterThreshold: PausedPipeBytes / 2,
            minimumSegmentSize: ReceiveBufferBytes,
            useSynchronizationContext: false));

        // Bounded: a publisher that outruns the socket waits here instead of queueing without limit.
        _outgoing = Channel.CreateBounded<MqttPacket>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _lastSentTicks = _lastReceivedTicks = timeProvider.GetTimestamp();
        _coalescingTimer = timeProvider.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), _answerAwaited, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        new Thread(ReceiveLoop) { IsBackground = true, Name = "MQTT receive" }.Start();
        new Thread(WriteLoop) { IsBackground = true, Name = "MQTT send" }.Start();
    }

    public MqttProtocolVersion Version { get; }

    /// <summary>Gets the reason the connection ended (null: closed normally); completes once.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public CancellationToken ClosingToken => _closing.Token;

    public bool IsOpen => Volatile.Read(ref _aborted) == 0;

    public TimeSpan SinceLastSent => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastSentTicks));

    public TimeSpan SinceLastReceived => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastReceivedTicks));

    /// <summary>
    /// Gets the packet loop reading this connection (set once it is started). Disposing waits for it, so that no
    /// packet of this connection is acted on once a later connection of the session exists (issue 16 item 8: a
    /// QoS 2 PUBLISH still in the old loop's hands after the new connection had completed its exchange was handed
    /// to the handler a second time).
    /// </summary>
    public Task PacketLoop { get; set; } = Task.CompletedTask;

    /// <summary>
    /// Gets or sets whether the packet loop waits for room in the inbound queue: silence is then ours, not the broker's.
    /// Setting it notices a socket that ended meanwhile: nobody else would, since the loop is not reading.
    /// </summary>
    public bool ReaderPaused
    {
        get => Volatile.Read(ref _readerPaused) != 0;
        set
        {
            // Full fences on both sides (here and in ReceiveLoop): either this sees the receive thread's end, or
            // the receive thread sees the pause, so a broker that closes while we are paused is never missed.
            Interlocked.Exchange(ref _readerPaused, value ? 1 : 0);
            if (value && Volatile.Read(ref _receiveEnded) != 0)
            {
                Abort(new MqttCommunicationException("The MQTT broker closed the connection while the client waited for its message handler."));
            }
        }
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
            _packetQueued.Set();
        }
        catch (ChannelClosedException ex)
        {
            throw new MqttCommunicationException("The connection to the MQTT broker is closed.", ex);
        }
    }

    /// <summary>Waits until <see cref="TrySend"/> may find room; false once the connection is closed.</summary>
    public ValueTask<bool> WaitToSendAsync(CancellationToken cancellationToken) => _outgoing.Writer.WaitToWriteAsync(cancellationToken);

    public bool TrySend(MqttPacket packet)
    {
        if (!IsOpen || !_outgoing.Writer.TryWrite(packet))
        {
            return false;
        }

        _packetQueued.Set();
        return true;
    }

    /// <summary>Returns the next packet, or null when the broker closed the connection cleanly between packets.</summary>
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
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
                _received.Reader.AdvanceTo(consumed, examined);
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
        _received.Reader.CancelPendingRead();
        _answerAwaited.Set();
        _packetQueued.Set();
        _link.Dispose();
        _closed.TrySetResult(reason);
    }

    /// <summary>Sends <paramref name="last"/> after everything queued, waits for it to be written, then closes with <paramref name="reason"/>.</summary>
    public async Task CloseAfterAsync(MqttPacket last, TimeSpan timeout, Exception? reason = null)
    {
        if (_outgoing.Writer.TryWrite(last))
        {
            _outgoing.Writer.TryComplete();
            _packetQueued.Set();
            try
            {
                await _writerStopped.Task.WaitAsync(timeout, _timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Closing anyway.
            }
        }

        Abort(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Abort(null);
        await _writerStopped.Task.ConfigureAwait(false);

        // The loop ends soon after Abort (its waits are cancelled). Completing the reader under a running loop
        // would also hand the pipe's buffers back to the pool while it still decodes from them.
        await PacketLoop.ConfigureAwait(false);
        await _received.Reader.CompleteAsync().ConfigureAwait(false);
        await _receiverStopped.Task.ConfigureAwait(false);
        await _coalescingTimer.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();

        // The two events are left to the collector: they never allocated a kernel handle, and a late SendAsync
        // may still set one.
    }

    private void ReceiveLoop()
    {
        PipeWriter pipe = _received.Writer;
        Exception? failure = null;
        try
        {
            while (true)
            {
                // Reset before reading: a request sent from here on skips the wait below, whose answer may be in flight.
                _answerAwaited.Reset();
                Memory<byte> memory = pipe.GetMemory(ReceiveBufferBytes);
                int read = _stream.Read(memory.Span);
                if (read == 0)
                {
                    break;
                }

                pipe.Advance(read);
                ValueTask<FlushResult> flushing = pipe.FlushAsync(_closing.Token);

                // Blocking here when the pipe is full is the point: the socket is not read until the consumer catches up.
                FlushResult flushed = flushing.IsCompletedSuccessfully ? flushing.Result : flushing.AsTask().GetAwaiter().GetResult();
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }

                if (read < memory.Length && _receiveCoalescing > TimeSpan.Zero)
                {
                    // A short read means the socket is drained. In a stream of small messages, reading again at once
                    // returns one message per wake-up; waiting a moment lets the kernel gather many. The moment is a
                    // TimeProvider timer, so that a test can prove with a frozen clock that answers never wait for it.
                    _coalescingTimer.Change(_receiveCoalescing, Timeout.InfiniteTimeSpan);
                    _answerAwaited.Wait();
                    _coalescingTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Everything, because an exception escaping a thread ends the process. After Abort this is the shutdown
            // that woke the read; before it, the reason the connection ended, which the packet loop reports.
            failure = IsOpen ? ex : null;
        }
        finally
        {
            pipe.Complete(failure);
            Interlocked.Exchange(ref _receiveEnded, 1);
            if (Volatile.Read(ref _readerPaused) != 0)
            {
                // The packet loop waits for the handler and will not read the end: say it here.
                Abort(failure ?? new MqttCommunicationException("The MQTT broker closed the connection while the client waited for its message handler."));
            }

            _receiverStopped.TrySetResult();
        }
    }

    private void WriteLoop()
    {
        using var buffer = new MqttBufferWriter(WriteBatchBytes);
        ChannelReader<MqttPacket> reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                // Reset before draining: a packet queued from here on is either drained now or wakes the wait below.
                _packetQueued.Reset();
                buffer.Clear();
                bool answered = false;
                OutboundTopicAliases? aliases = Volatile.Read(ref _topicAliases);
                while (buffer.Length < WriteBatchBytes && reader.TryRead(out MqttPacket? packet))
                {
                    answered |= IsAnswered(packet);

                    // Aliases are assigned here, in wire order, so a mapping always precedes its first use.
                    if (aliases is not null && packet is PublishPacket publish)
                    {
                        packet = aliases.Apply(publish);
                    }

                    MqttPacketEncoder.Encode(buffer, packet, Version);
                }

                if (buffer.Length > 0)
                {
                    // Synchronous, for the reason on MqttLink. It blocks only while the kernel's send buffer is full,
                    // and Abort's shutdown ends that.
                    _stream.Write(buffer.WrittenMemory.Span);
                    Interlocked.Exchange(ref _lastSentTicks, _timeProvider.GetTimestamp());
                    if (answered)
                    {
                        _answerAwaited.Set();
                    }

                    continue;
                }

                if (reader.Completion.IsCompleted || _closing.IsCancellationRequested)
                {
                    break;
                }

                _packetQueued.Wait();
            }
        }
        catch (Exception ex)
        {
            // Everything, because an exception escaping a thread ends the process (after Abort, Abort ignores it).
            Abort(new MqttCommunicationException("Writing to the MQTT broker failed: " + ex.Message, ex));
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    /// <summary>Gets whether the broker answers <paramref name="packet"/>, so that the answer must not wait for coalescing.</summary>
    private static bool IsAnswered(MqttPacket packet) => packet switch
    {
        PublishPacket publish => publish.QoS != MqttQualityOfService.AtMostOnce,
        SubscribePacket or UnsubscribePacket or PingReqPacket or PubRecPacket or PubRelPacket or ConnectPacket => true,
        _ => false,
    };
}
