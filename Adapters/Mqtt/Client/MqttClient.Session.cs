using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Session state that outlives a connection: inbound QoS 2 ids awaiting PUBREL, and what tests may observe of it.</summary>
public sealed partial class MqttClient
{
    // MQTT 5.0 reason code 0x92 (section 2.4).
    private const byte PacketIdentifierNotFound = 0x92;

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

    private void OnPubComp(PubCompPacket complete)
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
                CompleteOutgoing(complete.PacketId, 0x00, "completed during recovery: the broker answered the resent PUBREL with 0x92 (packet identifier not found)", inRecovery: true);
                return;
            }
        }

        CompleteOutgoing(complete.PacketId, complete.ReasonCode, complete.Properties?.ReasonString);
    }
}
