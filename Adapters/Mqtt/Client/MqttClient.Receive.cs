using System.Globalization;
using System.Threading.Channels;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Reading packets, dispatching messages to the handler, and request/answer bookkeeping.</summary>
public sealed partial class MqttClient
{
    private async ValueTask<MqttConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                if (_connection is { IsOpen: true } connection)
                {
                    return connection;
                }

                if (!_started)
                {
                    throw new InvalidOperationException("Call ConnectAsync first.");
                }

                if (_state == MqttClientState.Disconnected)
                {
                    throw new MqttCommunicationException("The MQTT client is disconnected and not retrying: " + (_lastError ?? "stopped"), isTransient: false);
                }

                signal = _connectedSignal.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<MqttSubscribeResult>> SendSubscribeAsync(MqttConnection connection, List<MqttSubscription> subscriptions, CancellationToken cancellationToken)
    {
        MqttPacket answer = await SendRequestAsync(connection, id => new SubscribePacket { PacketId = id, Subscriptions = subscriptions }, cancellationToken).ConfigureAwait(false);
        if (answer is not SubAckPacket ack)
        {
            throw new MqttProtocolException($"Expected SUBACK but received {answer.Type}.");
        }

        if (ack.ReasonCodes.Count != subscriptions.Count)
        {
            throw new MqttProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"SUBACK carries {ack.ReasonCodes.Count} reason codes for {subscriptions.Count} topic filters [MQTT-3.8.4-6]."));
        }

        var results = new MqttSubscribeResult[subscriptions.Count];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new MqttSubscribeResult(subscriptions[i].TopicFilter, ack.ReasonCodes[i]);
        }

        return results;
    }

    private async Task<MqttPacket> SendRequestAsync(MqttConnection connection, Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        ushort id = _ids.Allocate();
        if (id == 0)
        {
            throw new InvalidOperationException("All 65,535 packet identifiers are in use.");
        }

        var answer = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _pendingRequests[id] = answer;
        }

        try
        {
            await connection.SendAsync(build(id), cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _pendingRequests.Remove(id);
            }

            _ids.Release(id);
        }
    }

    private async Task ReadLoopAsync(MqttConnection connection)
    {
        var aliases = new Dictionary<ushort, string>();
        Exception? error;
        try
        {
            while (true)
            {
                MqttPacket? packet = await connection.ReceiveAsync(connection.ClosingToken).ConfigureAwait(false);
                if (packet is null)
                {
                    error = new MqttCommunicationException("The MQTT broker closed the connection.") { ClosedByBroker = true };
                    break;
                }

                switch (packet)
                {
                    case PublishPacket publish:
                        await OnPublishAsync(connection, publish, aliases).ConfigureAwait(false);
                        break;
                    case PubAckPacket ack:
                        await CompleteOutgoingAsync(ack.PacketId, ack.ReasonCode, ack.Properties?.ReasonString).ConfigureAwait(false);
                        break;
                    case PubRecPacket received:
                        await OnPubRecAsync(connection, received).ConfigureAwait(false);
                        break;
                    case PubCompPacket complete:
                        await OnPubCompAsync(complete).ConfigureAwait(false);
                        break;
                    case PubRelPacket release:
                        lock (_lock)
                        {
                            _inboundQos2.Remove(release.PacketId);
                        }

                        await StoreSafelyAsync(ct => _store.RemoveInboundQos2Async(_options.ClientId, release.PacketId, ct)).ConfigureAwait(false);

                        await connection.SendAsync(new PubCompPacket { PacketId = release.PacketId }, connection.ClosingToken).ConfigureAwait(false);
                        break;
                    case SubAckPacket or UnsubAckPacket:
                        ushort id = packet is SubAckPacket s ? s.PacketId : ((UnsubAckPacket)packet).PacketId;
                        TaskCompletionSource<MqttPacket>? pending;
                        lock (_lock)
                        {
                            _pendingRequests.Remove(id, out pending);
                        }

                        pending?.TrySetResult(packet);
                        break;
                    case PingRespPacket:
                        break;
                    case DisconnectPacket disconnect:
                        throw BrokerDisconnected(disconnect);
                    default:
                        throw new MqttProtocolException($"A broker must not send {Codec.MqttPacketDecoder.PacketName(packet.Type)} to a client here.");
                }
            }
        }
        catch (OperationCanceledException) when (connection.ClosingToken.IsCancellationRequested)
        {
            error = null;
        }
        catch (MqttProtocolException ex)
        {
            error = ex;
            if (connection.Version == MqttProtocolVersion.V500 && connection.IsOpen)
            {
                // Section 4.13: on a protocol error the client sends DISCONNECT with the reason code, then closes.
                MqttClientLog.ProtocolErrorDisconnect(_options.Logger, ClientIdForLog, ex.ReasonCode, ex.Message);
                await connection.CloseAfterAsync(
                    new DisconnectPacket { ReasonCode = ex.ReasonCode, Properties = new MqttProperties { ReasonString = Truncate(ex.Message) } },
                    DisconnectFlushTimeout,
                    ex).ConfigureAwait(false);
                return;
            }
        }
        catch (MqttCommunicationException ex)
        {
            error = ex;
        }
        catch (Exception ex)
        {
            // IOException, SocketException, ObjectDisposedException, or the pipe completed under us by a concurrent close.
            error = new MqttCommunicationException("Reading from the MQTT broker failed: " + ex.Message, ex);
        }

        connection.Abort(error);
    }

    private async Task OnPublishAsync(MqttConnection connection, PublishPacket publish, Dictionary<ushort, string> aliases)
    {
        if (publish.OversizedSize > 0)
        {
            // Read past by the decoder (3.1.1 only): handed over without payload, acknowledged like any other (item 12).
            MqttClientLog.OversizedMessage(_options.Logger, ClientIdForLog, publish.OversizedSize, LogText.Escape(publish.Topic), _options.MaximumPacketSize);
        }

        if (publish.Properties?.TopicAlias is { } alias)
        {
            // Inbound topic aliases (section 3.3.2.3.4): a topic with an alias sets the mapping, an empty topic uses it.
            if (alias > _options.TopicAliasMaximum)
            {
                // [MQTT-3.3.2-11]: a server must not exceed the maximum the client sent; section 3.3.2.3.4 makes it 0x94.
                throw new MqttProtocolException("PUBLISH", "topic alias", -1, string.Create(CultureInfo.InvariantCulture,
                    $"alias {alias} exceeds the topic alias maximum of {_options.TopicAliasMaximum} we announced in CONNECT [MQTT-3.3.2-11]"))
                {
                    ReasonCode = 0x94,
                };
            }

            if (publish.Topic.Length > 0)
            {
                aliases[alias] = publish.Topic;
            }
            else if (aliases.TryGetValue(alias, out string? topic))
            {
                publish.Topic = topic;
            }
            else
            {
                throw new MqttProtocolException("PUBLISH", "topic alias", -1, string.Create(CultureInfo.InvariantCulture,
                    $"alias {alias} was never mapped to a topic on this connection (section 3.3.2.3.4)"))
                {
                    ReasonCode = 0x82,
                };
            }
        }

        int epoch;
        bool? handled = null;
        lock (_lock)
        {
            epoch = _sessionEpoch;
            if (publish.QoS == MqttQualityOfService.ExactlyOnce)
            {
                // Exactly once (section 4.3.3, method B): a packet id seen in this session and not yet released is the
                // same message again, whatever its DUP flag says; it is never handed to the handler twice.
                if (_inboundQos2.TryGetValue(publish.PacketId, out bool done))
                {
                    handled = done;
                }
                else
                {
                    _inboundQos2[publish.PacketId] = false;
                }
            }
        }

        if (handled == true)
        {
            // The broker missed our PUBREC: say it again.
            await connection.SendAsync(new PubRecPacket { PacketId = publish.PacketId }, connection.ClosingToken).ConfigureAwait(false);
            return;
        }

        if (handled == false)
        {
            return; // still waiting for the handler; its PUBREC goes out on the current connection when it is done
        }

        var item = new InboundMessage(connection, publish, ToApplicationMessage(publish), epoch);
        if (_inbound.Writer.TryWrite(item))
        {
            _messageQueued.Set();
        }
        else
        {
            // Back-pressure: stop reading the socket until the handler makes room.
            connection.ReaderPaused = true;
            try
            {
                await _inbound.Writer.WriteAsync(item, connection.ClosingToken).ConfigureAwait(false);
                _messageQueued.Set();
            }
            catch (OperationCanceledException) when (publish.QoS == MqttQualityOfService.ExactlyOnce)
            {
                // Never handed over, so never acknowledged: forget the id, or the broker's redelivery on the next
                // connection would be taken for a message still with the handler and never handled (issue 16 item 8).
                ForgetUnhandledQos2(publish.PacketId, epoch);
                throw;
            }
            finally
            {
                connection.ReaderPaused = false;
                connection.MarkReceived();
            }
        }
    }

    private async Task OnPubRecAsync(MqttConnection connection, PubRecPacket received)
    {
        OutgoingPublish? operation;
        lock (_lock)
        {
            _outgoing.TryGetValue(received.PacketId, out operation);
        }

        if (received.ReasonCode >= 0x80)
        {
            // 5.0: a failed PUBREC ends the exchange (section 4.3.3).
            await CompleteOutgoingAsync(received.PacketId, received.ReasonCode, received.Properties?.ReasonString).ConfigureAwait(false);
            return;
        }

        if (operation is not null)
        {
            // Stored before PUBREL goes out: a new instance must resend PUBREL, never the PUBLISH (section 4.3.3).
            await StoreSafelyAsync(ct => _store.MarkOutgoingReleasedAsync(_options.ClientId, received.PacketId, ct)).ConfigureAwait(false);
            lock (_lock)
            {
                // Under the lock that the resend decides under: from here on no PUBLISH of this message is queued,
                // so none can follow the PUBREL below on the wire (issue 16 item 8).
                operation.Released = true;
            }
        }

        await connection.SendAsync(new PubRelPacket { PacketId = received.PacketId }, connection.ClosingToken).ConfigureAwait(false);
    }

    private async ValueTask CompleteOutgoingAsync(ushort packetId, byte reasonCode, string? reasonString, bool inRecovery = false)
    {
        OutgoingPublish? operation;
        lock (_lock)
        {
            _outgoing.Remove(packetId, out operation);
        }

        if (operation is null)
        {
            return; // a late or duplicate acknowledgement
        }

        await StoreSafelyAsync(ct => _store.RemoveOutgoingAsync(_options.ClientId, packetId, ct)).ConfigureAwait(false);

        _ids.Release(packetId);
        _inflight.Release();
        Interlocked.Increment(ref _messagesPublished);
        operation.Completion.TrySetResult(new MqttPublishResult(reasonCode, reasonString) { CompletedInRecovery = inRecovery });
    }

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
            if (marked)
            {
                // Recorded before PUBREC: after a crash from here on, a new instance answers the redelivery without
                // handling it again (the window between the handler's effect and this write stays at least once).
                await StoreSafelyAsync(ct => _store.AddInboundQos2Async(_options.ClientId, packet.PacketId, ct)).ConfigureAwait(false);
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

    private void FailAll(Exception reason, bool includingPublishes)
    {
        List<TaskCompletionSource<MqttPacket>> requests;
        List<OutgoingPublish> publishes = [];
        lock (_lock)
        {
            requests = [.. _pendingRequests.Values];
            _pendingRequests.Clear();
            if (includingPublishes)
            {
                publishes = [.. _outgoing.Values];
                _outgoing.Clear();
            }
        }

        foreach (TaskCompletionSource<MqttPacket> request in requests)
        {
            request.TrySetException(reason);
        }

        foreach (OutgoingPublish publish in publishes)
        {
            _ids.Release(publish.Packet.PacketId);
            _inflight.Release();
            publish.Completion.TrySetException(reason);
        }
    }

    private static MqttApplicationMessage ToApplicationMessage(PublishPacket p)
    {
        MqttProperties? properties = p.Properties;
        return new MqttApplicationMessage(p.Topic, p.Payload, p.QoS)
        {
            OversizedPacketSize = p.OversizedSize == 0 ? null : p.OversizedSize,
            Retain = p.Retain,
            Duplicate = p.Dup,
            MessageExpirySeconds = properties?.MessageExpiryInterval,
            ContentType = properties?.ContentType,
            ResponseTopic = properties?.ResponseTopic,
            CorrelationData = properties?.CorrelationData,
            PayloadIsUtf8 = properties?.PayloadFormatIndicator is { } format ? format == 1 : null,
            UserProperties = properties?.UserProperties ?? (IReadOnlyList<MqttUserProperty>)[],
            SubscriptionIdentifiers = properties?.SubscriptionIdentifiers ?? (IReadOnlyList<uint>)[],
        };
    }
}
