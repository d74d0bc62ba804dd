using System.Globalization;
using System.Threading.Channels;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>The dispatch thread: handing messages to the handler, then acknowledging them (PUBACK, PUBREC) or withholding the acknowledgements.</summary>
public sealed partial class MqttClient
{
    /// <summary>
    /// Starts the dispatch thread, which hands messages to the handler one message or batch at a time, in order, and
    /// acknowledges them when it completes. A dedicated thread, so that a handler that blocks holds up only its own
    /// messages: the receive thread goes on answering the broker (a handler may even wait for its own publish).
    /// </summary>
    private Task StartDispatcher()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                DispatchLoop();
            }
            catch (Exception ex)
            {
                // A bug, not the handler's failure (that is caught per batch); escaping the thread would end the process.
                RecordError("The MQTT message dispatcher stopped; received messages are no longer handed over: " + ex.Message);
                MqttClientLog.DispatcherStopped(_options.Logger, ex, ClientIdForLog);
            }
            finally
            {
                stopped.TrySetResult();
            }
        })
        { IsBackground = true, Name = "MQTT dispatch" }.Start();
        return stopped.Task;
    }

    private void DispatchLoop()
    {
        CancellationToken stopping = _lifetime.Token;
        ChannelReader<InboundMessage> reader = _inbound.Reader;
        var batch = new List<InboundMessage>(_maxBatchSize);
        while (true)
        {
            // Reset before draining: a message queued from here on is either drained now or wakes the wait below.
            _messageQueued.Reset();
            batch.Clear();
            while (batch.Count < _maxBatchSize && reader.TryRead(out InboundMessage item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                if (reader.Completion.IsCompleted)
                {
                    return;
                }

                _messageQueued.Wait();
                continue;
            }

            if (stopping.IsCancellationRequested)
            {
                continue; // drained unacknowledged; a persistent session gets them again
            }

            try
            {
                WaitOnThisThread(_batchHandler is null
                    ? _handler!(batch[0].Message, stopping)
                    : _batchHandler([.. batch.Select(i => i.Message)], stopping));
            }
            catch (Exception ex)
            {
                WithholdAcknowledgements(batch, ex);
                continue;
            }

            foreach (InboundMessage item in batch)
            {
                WaitOnThisThread(AcknowledgeAsync(item));
            }
        }
    }

    /// <summary>
    /// Blocking is right on the dispatch thread: it has no synchronization context, so what the handler awaits
    /// continues on the thread pool and never needs this thread back.
    /// </summary>
    private static void WaitOnThisThread(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// DESIGN.md: nothing is acknowledged before its effect is stored. A failed handler leaves its messages
    /// unacknowledged and restarts the connection, so that a persistent session redelivers them (DUP).
    /// </summary>
    private void WithholdAcknowledgements(List<InboundMessage> batch, Exception ex)
    {
        string topics = string.Join(", ", batch.Select(i => i.Packet.Topic).Distinct(StringComparer.Ordinal).Take(3));
        if (batch.All(i => i.Packet.QoS == MqttQualityOfService.AtMostOnce))
        {
            // Nothing to withhold and nobody to redeliver it.
            string dropped = string.Create(CultureInfo.InvariantCulture, $"The message handler failed on QoS 0 messages from topic '{topics}': {ex.Message}");
            RecordError(dropped);
            MqttClientLog.HandlerFailed(_options.Logger, ex, ClientIdForLog, dropped);
            return;
        }

        string message = string.Create(CultureInfo.InvariantCulture,
            $"The message handler failed on {batch.Count} message(s) from topic '{topics}'; they were not acknowledged and the connection is restarted so the broker redelivers them: {ex.Message}");
        RecordError(message);
        MqttClientLog.HandlerFailed(_options.Logger, ex, ClientIdForLog, message);
        MqttConnection? restart = batch[0].Connection;
        lock (_lock)
        {
            foreach (InboundMessage item in batch.Where(i => i.SessionEpoch == _sessionEpoch))
            {
                _inboundQos2.Remove(item.Packet.PacketId);
                restart = _connection ?? item.Connection;
            }
        }

        restart.Abort(new MqttCommunicationException(message, ex));
    }

    private async ValueTask AcknowledgeAsync(InboundMessage item)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Exchange(ref _lastMessageTicks, _time.GetUtcNow().UtcTicks);
        PublishPacket packet = item.Packet;
        if (packet.QoS == MqttQualityOfService.AtMostOnce)
        {
            return;
        }

        if (packet.QoS == MqttQualityOfService.ExactlyOnce)
        {
            await AcknowledgeQos2Async(item).ConfigureAwait(false);
            return;
        }

        // A PUBACK goes back only on the connection the message came on: after a reconnect the packet id may
        // already name another message. If that connection is gone, the broker redelivers (a duplicate).
        MqttConnection target = item.Connection;
        if (!target.IsOpen)
        {
            return;
        }

        try
        {
            await target.SendAsync(new PubAckPacket { PacketId = packet.PacketId }, target.ClosingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // Lost; the broker redelivers.
        }
    }

    private async ValueTask AcknowledgeQos2Async(InboundMessage item)
    {
        // QoS 2: the id stays reserved in the session until PUBREL, so PUBREC may go on any connection of it.
        // Only an id still awaiting its handler is marked: one released meanwhile is not brought back.
        bool marked = false;
        lock (_lock)
        {
            if (item.SessionEpoch == _sessionEpoch && _inboundQos2.TryGetValue(item.Packet.PacketId, out bool done) && !done)
            {
                _inboundQos2[item.Packet.PacketId] = true;
                marked = true;
            }
        }

        if (!marked)
        {
            return;
        }

        if (item.Message.Qos2Receipt is { IsStored: false } receipt)
        {
            // Recorded before PUBREC: after a crash from here on, a new instance answers the redelivery without
            // handling it again. A handler that cannot store the receipt with its effect leaves a window between
            // the two where a crash repeats the message (at least once); one that did (IsStored) closes it, and
            // the id is not written twice (issue 16 item 16).
            await StoreSafelyAsync(ct => _store.AddInboundQos2Async(receipt.ClientId, receipt.PacketId, receipt.SessionGeneration, ct)).ConfigureAwait(false);
        }

        await SendPubRecWhileReservedAsync(item).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues the handled message's PUBREC, under the lock where PUBREL releases the id, and only while the id is still
    /// reserved for it. Once marked handled, a redelivery (DUP) is answered with PUBREC by the packet loop, and the
    /// broker may complete the exchange (PUBREL, PUBCOMP) and give the id to a new message before this runs: a PUBREC
    /// sent then would acknowledge that new message before it was handled, and the PUBREL the broker answers it with
    /// would release its id, so that its redelivery is handled a second time (issue 16 item 8).
    /// </summary>
    private async ValueTask SendPubRecWhileReservedAsync(InboundMessage item)
    {
        ushort packetId = item.Packet.PacketId;
        while (true)
        {
            MqttConnection? target;
            lock (_lock)
            {
                // A later message with this id is marked only by its own acknowledgement, which comes after this one.
                if (item.SessionEpoch != _sessionEpoch || !_inboundQos2.TryGetValue(packetId, out bool handled) || !handled
                    || _connection is not { IsOpen: true } current)
                {
                    return; // released meanwhile, or no connection: the broker redelivers and the packet loop answers
                }

                target = current;
                if (target.TrySend(new PubRecPacket { PacketId = packetId }))
                {
                    return;
                }
            }

            try
            {
                // The connection's queue is full: wait for room, then decide again.
                if (!await target.WaitToSendAsync(target.ClosingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
