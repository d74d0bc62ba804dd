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
        MqttConnection? target = null;
        MqttPacket ack;
        if (packet.QoS == MqttQualityOfService.AtMostOnce)
        {
            return;
        }
        else if (packet.QoS == MqttQualityOfService.AtLeastOnce)
        {
            // A PUBACK goes back only on the connection the message came on: after a reconnect the packet id may
            // already name another message. If that connection is gone, the broker redelivers (a duplicate).
            target = item.Connection.IsOpen ? item.Connection : null;
            ack = new PubAckPacket { PacketId = packet.PacketId };
        }
        else
        {
            // QoS 2: the id stays reserved in the session until PUBREL, so PUBREC may go on any connection of it.
            // Only an id still awaiting its handler is marked: one released meanwhile is not brought back.
            bool marked = false;
            lock (_lock)
            {
                if (item.SessionEpoch == _sessionEpoch && _inboundQos2.TryGetValue(packet.PacketId, out bool done) && !done)
                {
                    _inboundQos2[packet.PacketId] = true;
                    marked = true;
                    target = _connection is { IsOpen: true } current ? current : null;
                }
            }

            ack = new PubRecPacket { PacketId = packet.PacketId };
            if (marked && item.Message.Qos2Receipt is { IsStored: false } receipt)
            {
                // Recorded before PUBREC: after a crash from here on, a new instance answers the redelivery without
                // handling it again. A handler that cannot store the receipt with its effect leaves a window between
                // the two where a crash repeats the message (at least once); one that did (IsStored) closes it, and
                // the id is not written twice (issue 16 item 16).
                await StoreSafelyAsync(ct => _store.AddInboundQos2Async(receipt.ClientId, receipt.PacketId, receipt.SessionGeneration, ct)).ConfigureAwait(false);
            }
        }

        if (target is null)
        {
            return;
        }

        try
        {
            await target.SendAsync(ack, target.ClosingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
        {
            // Lost; the broker redelivers.
        }
    }
}
