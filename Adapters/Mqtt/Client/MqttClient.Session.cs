using System.Buffers;
using IntegrationHub.Adapters.Mqtt.Codec;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Session state that outlives a connection: inbound QoS 2 ids awaiting PUBREL, and what tests may observe of it.</summary>
public sealed partial class MqttClient
{
    /// <summary>Gets whether the current connection's packet loop waits for room in the inbound queue (back-pressure).</summary>
    internal bool ReceivePaused
    {
        get
        {
            lock (_lock)
            {
                return _connection?.ReaderPaused == true;
            }
        }
    }

    private void ForgetUnhandledQos2(ushort packetId, int epoch)
    {
        lock (_lock)
        {
            if (epoch == _sessionEpoch && _inboundQos2.TryGetValue(packetId, out bool done) && !done)
            {
                _inboundQos2.Remove(packetId);
            }
        }
    }

    /// <summary>
    /// Takes over what a previous instance with our client id left in the session store, before the first CONNECT:
    /// its publications in flight keep their packet ids (reserved, so no new message reuses one the broker still
    /// holds) and are resent after CONNACK; its handled QoS 2 ids answer a redelivery with PUBREC, unhandled.
    /// </summary>
    private async Task RestoreSessionAsync(CancellationToken cancellationToken)
    {
        if (_options.ClientId.Length == 0 || _options.CleanStart)
        {
            return; // an assigned id cannot be resumed by a new instance; a clean start discards the session anyway
        }

        MqttSessionSnapshot snapshot = await _store.LoadAsync(_options.ClientId, cancellationToken).ConfigureAwait(false);
        var decoder = new MqttPacketDecoder(_options.ProtocolVersion);
        lock (_lock)
        {
            foreach (MqttStoredPublish stored in snapshot.Outgoing.OrderBy(p => p.Sequence))
            {
                if (!decoder.TryDecode(new ReadOnlySequence<byte>(stored.Packet), out MqttPacket? decoded, out _) || decoded is not PublishPacket publish
                    || publish.PacketId != stored.PacketId || !_ids.Reserve(stored.PacketId))
                {
                    throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"The MQTT session store holds an unreadable or repeated publication with packet id {stored.PacketId} for client '{_options.ClientId}'."));
                }

                _inflight.ForceAcquire();
                _outgoing[stored.PacketId] = new OutgoingPublish(publish, stored.Sequence) { Released = stored.Released };
                _sequence = Math.Max(_sequence, stored.Sequence);
            }

            foreach (ushort id in snapshot.InboundQos2)
            {
                _inboundQos2[id] = true;
            }

            _sessionGeneration = snapshot.SessionGeneration;
        }
    }

    /// <summary>Writes a new publication to the session store before it is first sent; a failure fails the publish.</summary>
    private async ValueTask PersistOutgoingAsync(OutgoingPublish operation)
    {
        if (_options.ClientId.Length == 0)
        {
            return;
        }

        try
        {
            using var buffer = new MqttBufferWriter(operation.Packet.Payload.Length + 256);
            MqttPacketEncoder.Encode(buffer, operation.Packet, _options.ProtocolVersion);
            await _store.AddOutgoingAsync(_options.ClientId, new MqttStoredPublish(operation.Packet.PacketId, operation.Sequence, buffer.WrittenMemory.ToArray(), Released: false), CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            _ids.Release(operation.Packet.PacketId);
            _inflight.Release();
            throw;
        }
    }

    /// <summary>
    /// A session store write on the receive path. A failure must not end the packet loop: the in-memory state still
    /// holds for this instance; it is recorded and logged (event 4312) because a restart may then repeat a message.
    /// </summary>
    private async ValueTask StoreSafelyAsync(Func<CancellationToken, ValueTask> write)
    {
        if (_options.ClientId.Length == 0)
        {
            return;
        }

        try
        {
            await write(_lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string problem = "Writing the MQTT session state failed; after a restart a message may be repeated: " + ex.Message;
            RecordError(problem);
            MqttClientLog.SessionStoreFailed(_options.Logger, ex, ClientIdForLog, problem);
        }
    }

    /// <summary>
    /// After CONNACK, before the packet loop starts: a new session drops the stored inbound ids and takes a new
    /// generation, so that every message of it carries that generation; a resumed one without durable state is said once.
    /// </summary>
    private async Task AfterConnAckAsync(bool isReconnect, bool sessionPresent)
    {
        if (!sessionPresent)
        {
            long generation;
            lock (_lock)
            {
                // Kept if the store fails: a new generation in memory still tells this session's receipts apart.
                generation = _sessionGeneration + 1;
            }

            await StoreSafelyAsync(async ct => generation = await _store.StartNewSessionAsync(_options.ClientId, ct).ConfigureAwait(false)).ConfigureAwait(false);
            lock (_lock)
            {
                _sessionGeneration = generation;
            }
        }
        else if (!isReconnect && !_store.IsDurable)
        {
            MqttClientLog.SessionResumedWithoutState(_options.Logger, ClientIdForLog);
        }
    }
}
