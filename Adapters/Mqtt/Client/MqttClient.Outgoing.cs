using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Completing our publications: PUBACK, PUBREC (then PUBREL), PUBCOMP.</summary>
public sealed partial class MqttClient
{
    // MQTT 5.0 reason code 0x92 (section 2.4).
    private const byte PacketIdentifierNotFound = 0x92;

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

    private async ValueTask OnPubCompAsync(PubCompPacket complete)
    {
        if (complete.ReasonCode == PacketIdentifierNotFound)
        {
            bool recovering;
            lock (_lock)
            {
                recovering = _outgoing.TryGetValue(complete.PacketId, out OutgoingPublish? operation) && operation.PubRelResent;
            }

            if (recovering)
            {
                // MQTT 5.0 section 4.3.3 and the PUBCOMP reason codes: 0x92 "is not an error during recovery". The
                // broker completed the exchange on the lost connection (our first PUBREL reached it) and forgot the
                // id; the message was released to its subscribers then (issue 16 item 18).
                MqttClientLog.PubCompNotFoundInRecovery(_options.Logger, ClientIdForLog, complete.PacketId);
                await CompleteOutgoingAsync(complete.PacketId, 0x00, "completed during recovery: the broker answered the resent PUBREL with 0x92 (packet identifier not found)", inRecovery: true).ConfigureAwait(false);
                return;
            }
        }

        await CompleteOutgoingAsync(complete.PacketId, complete.ReasonCode, complete.Properties?.ReasonString).ConfigureAwait(false);
    }
}
