namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// What a handler stores, in the transaction of a received QoS 2 message's effect, so that the message is not handled
/// again after a crash (issue 16 item 16; MQTT 5.0 section 4.3.3, 3.1.1 section 4.3.3): the client id, the packet id
/// and the session generation, as <see cref="IMqttSessionStore.AddInboundQos2Async"/> takes them. Set on
/// <see cref="MqttApplicationMessage.Qos2Receipt"/> of QoS 2 messages received by a client with a client id.
/// </summary>
/// <remarks>
/// A handler that stores the receipt with its effect calls <see cref="MarkStored"/> once that transaction committed;
/// the client then sends PUBREC without writing the id itself. A handler that does not leaves it: the client records
/// the id after the handler returned and before PUBREC, so a crash between the two handles the message again
/// (at least once). A receipt of an older generation, stored late, is never taken for one of the current session.
/// </remarks>
public sealed class MqttQos2Receipt
{
    private volatile bool _stored;

    /// <summary>Creates a receipt.</summary>
    public MqttQos2Receipt(string clientId, ushort packetId, long sessionGeneration)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        ClientId = clientId;
        PacketId = packetId;
        SessionGeneration = sessionGeneration;
    }

    /// <summary>Gets the client id the session belongs to.</summary>
    public string ClientId { get; }

    /// <summary>Gets the message's packet id, reserved in the session until the broker's PUBREL.</summary>
    public ushort PacketId { get; }

    /// <summary>
    /// Gets the session generation the message came in: raised by the session store whenever the broker starts a new
    /// session (Session Present 0), so that an id of an earlier session is never taken for a duplicate in this one.
    /// </summary>
    public long SessionGeneration { get; }

    /// <summary>Gets whether the handler said the receipt is durable with the message's effect.</summary>
    public bool IsStored => _stored;

    /// <summary>
    /// Says that the receipt is durable in the session store, committed in the same transaction as the message's
    /// effect; call it after the commit, before the handler returns.
    /// </summary>
    public void MarkStored() => _stored = true;
}
