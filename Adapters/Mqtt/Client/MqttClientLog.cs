using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// The client's log events (4301-4307, 4320-4339): what happened to the connection and why. The telemetry adapter's
/// are in TelemetryLog.
/// </summary>
internal static partial class MqttClientLog
{
    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "MQTT client {ClientId} connected to {Host}:{Port} (MQTT {Version}); session present: {SessionPresent}")]
    public static partial void Connected(ILogger logger, string clientId, string host, int port, string version, bool sessionPresent);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "MQTT client {ClientId} lost its connection to {Host}:{Port}: {Reason} Reconnecting: {Reconnecting}")]
    public static partial void ConnectionLost(ILogger logger, string clientId, string host, int port, string reason, bool reconnecting);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: reconnect attempt {Attempt} to {Host}:{Port} failed: {Reason} Next try in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, string clientId, int attempt, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Error, Message = "MQTT client {ClientId} stopped reconnecting to {Host}:{Port}: {Reason}")]
    public static partial void ReconnectAbandoned(ILogger logger, string clientId, string host, int port, string reason);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: {Problem}")]
    public static partial void ResubscribeFailed(ILogger logger, string clientId, string problem);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Error, Message = "MQTT client {ClientId}: {Problem}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string clientId, string problem);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Critical, Message = "MQTT client {ClientId}: the message dispatcher stopped; received messages are no longer handed over")]
    public static partial void DispatcherStopped(ILogger logger, Exception exception, string clientId);

    [LoggerMessage(EventId = 4320, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: protocol error, sending DISCONNECT with reason code 0x{ReasonCode:X2} and closing: {Problem}")]
    public static partial void ProtocolErrorDisconnect(ILogger logger, string clientId, byte reasonCode, string problem);

    [LoggerMessage(EventId = 4321, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: the connection lasted only {Lived}; reconnect backoff step {Step}, next try in {Delay}")]
    public static partial void ReconnectDelayed(ILogger logger, string clientId, TimeSpan lived, int step, TimeSpan delay);

    [LoggerMessage(EventId = 4322, Level = LogLevel.Error, Message = "MQTT client {ClientId}: configuration error (logged once): {Problem}")]
    public static partial void SessionTakenOver(ILogger logger, string clientId, string problem);

    [LoggerMessage(EventId = 4323, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: a message of {Size} bytes on topic {Topic} is above MaximumPacketSize ({Maximum} bytes); its payload was discarded and it is handed over as oversized")]
    public static partial void OversizedMessage(ILogger logger, string clientId, long size, string topic, int maximum);

    [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "MQTT client {ClientId}: the broker answered the PUBREL for packet {PacketId}, resent after a reconnect, with 0x92 (packet identifier not found): it had completed the exchange before the connection was lost; the publication is taken as completed")]
    public static partial void PubCompNotFoundInRecovery(ILogger logger, string clientId, ushort packetId);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "MQTT client {ClientId} resumed a session the broker kept, without durable session state (no SessionStore): packet ids the broker still holds may be reused and a QoS 2 message handled before the restart may be handled again")]
    public static partial void SessionResumedWithoutState(ILogger logger, string clientId);

    [LoggerMessage(EventId = 4312, Level = LogLevel.Error, Message = "MQTT client {ClientId}: {Problem}")]
    public static partial void SessionStoreFailed(ILogger logger, Exception exception, string clientId, string problem);
}
