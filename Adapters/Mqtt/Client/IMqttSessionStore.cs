namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// Keeps the client's side of an MQTT session where it can outlive the client instance (issue 16 item 16;
/// MQTT 5.0 section 4.1, 3.1.1 section 4.1): our QoS 1/2 publications not yet completed, with their packet ids
/// and whether PUBREC came, and the ids of QoS 2 messages we handled whose PUBREL has not come. A client that
/// resumes a session (Clean Start 0, Session Present 1) without them reuses ids the broker still holds, so that a
/// new message is taken for a duplicate and dropped ([MQTT-2.2.1-3], 3.1.1 [MQTT-2.3.1-2]), and handles again a
/// QoS 2 message handled just before a crash.
/// </summary>
/// <remarks>
/// Each call must be durable when it returns (the client sends the matching packet only afterwards). Calls for one
/// client id come from one client instance; they may overlap in time (publishing callers, the receive path).
/// </remarks>
public interface IMqttSessionStore
{
    /// <summary>Gets whether the state survives the process; a store that does not only survives a reconnect.</summary>
    bool IsDurable { get; }

    /// <summary>Loads what a previous instance with <paramref name="clientId"/> left.</summary>
    ValueTask<MqttSessionSnapshot> LoadAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Records a publication about to be sent for the first time.</summary>
    ValueTask AddOutgoingAsync(string clientId, MqttStoredPublish publish, CancellationToken cancellationToken);

    /// <summary>Records that PUBREC came for <paramref name="packetId"/>: from now on PUBREL is resent, never the PUBLISH.</summary>
    ValueTask MarkOutgoingReleasedAsync(string clientId, ushort packetId, CancellationToken cancellationToken);

    /// <summary>Forgets a publication the broker completed (PUBACK, PUBCOMP) or refused.</summary>
    ValueTask RemoveOutgoingAsync(string clientId, ushort packetId, CancellationToken cancellationToken);

    /// <summary>
    /// Records an inbound QoS 2 message as handled, before its PUBREC goes out (an id already recorded keeps the
    /// newer generation). A handler may instead write the same row in its own transaction (<see cref="MqttQos2Receipt"/>).
    /// </summary>
    ValueTask AddInboundQos2Async(string clientId, ushort packetId, long sessionGeneration, CancellationToken cancellationToken);

    /// <summary>Forgets an inbound QoS 2 id released by PUBREL, before PUBCOMP goes out.</summary>
    ValueTask RemoveInboundQos2Async(string clientId, ushort packetId, CancellationToken cancellationToken);

    /// <summary>
    /// The broker started a new session (Session Present 0): forgets the inbound QoS 2 ids and returns the new
    /// session generation, above every earlier one of the client. An id of an older generation recorded afterwards (a
    /// handler of the old session still committing) is never loaded: it would make a new message with that id be
    /// taken for a duplicate and dropped.
    /// </summary>
    ValueTask<long> StartNewSessionAsync(string clientId, CancellationToken cancellationToken);
}
