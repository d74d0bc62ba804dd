using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Resending what the broker has not finished acknowledging, on the connection that replaced a lost one.</summary>
public sealed partial class MqttClient
{
    // Section 4.4: after a reconnect, unacknowledged PUBLISH packets are resent (DUP set) and PUBRELs for PUBRECs
    // received. Whether a QoS 2 message goes out as PUBLISH or PUBREL is decided, and the packet queued on the
    // connection, under _lock, where OnPubRecAsync marks a message released: so a PUBLISH is never queued after its
    // PUBREL [MQTT-4.3.3-3]. A broker that already released the message (after our PUBREL it forgets the packet id)
    // would take such a PUBLISH for a new message and deliver it again (issue 16 item 8).
    private async Task ResendAsync(MqttConnection connection, List<OutgoingPublish> pending)
    {
        foreach (OutgoingPublish operation in pending)
        {
            try
            {
                while (!TryQueueResend(connection, operation))
                {
                    // The connection's queue is full: wait for room, then decide again (a PUBREC may have come meanwhile).
                    if (!await connection.WaitToSendAsync(connection.ClosingToken).ConfigureAwait(false))
                    {
                        return; // lost again; the next reconnect resends
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return; // lost again; the next reconnect resends
            }
        }
    }

    /// <summary>Queues the resend of one publication; false only when the connection's queue is full.</summary>
    private bool TryQueueResend(MqttConnection connection, OutgoingPublish operation)
    {
        lock (_lock)
        {
            if (!connection.IsOpen || !_outgoing.TryGetValue(operation.Packet.PacketId, out OutgoingPublish? current) || !ReferenceEquals(current, operation))
            {
                return true; // closed (the next reconnect resends) or completed meanwhile: nothing to send
            }

            if (operation.Released)
            {
                if (!connection.TrySend(new PubRelPacket { PacketId = operation.Packet.PacketId }))
                {
                    return !connection.IsOpen;
                }

                operation.PubRelResent = true;
                return true;
            }

            operation.Packet.Dup = true;
            return connection.TrySend(operation.Packet) || !connection.IsOpen;
        }
    }
}
