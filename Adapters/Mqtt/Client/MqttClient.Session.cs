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
}
