using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// Reconnect backoff that survives a CONNACK (issue 16 items 12 and 17). The old pipeline started afresh after every
/// successful CONNECT, with an immediate first attempt: a broker that accepted the client and dropped it at once (an
/// oversized message resent first, or a second client with the same id taking the session over) saw thousands of
/// connects a second. Now only a connection that lasted <see cref="MqttReconnectOptions.StableAfter"/> resets it.
/// </summary>
public sealed partial class MqttClient
{
    // Guarded by _lock. Connections in a row that ended early, plus failed attempts since the last stable one.
    private int _backoffFailures;
    private int _earlyCloses;
    private string? _configurationError;
    private bool _takeoverLogged;

    /// <summary>The delay before attempt number <paramref name="failures"/> (1-based): doubling from the initial delay, capped.</summary>
    internal static TimeSpan BackoffDelay(MqttReconnectOptions reconnect, int failures, double random)
    {
        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        double ticks = Math.Min(reconnect.InitialDelay.Ticks * factor, reconnect.MaximumDelay.Ticks);

        // Equal jitter: half fixed, half random, so delays still grow while clients spread out.
        return TimeSpan.FromTicks((long)(reconnect.UseJitter ? (ticks / 2) + (ticks / 2 * random) : ticks));
    }

    /// <summary>Re-establishes the connection after a loss; throws what is not transient, or when the client stops.</summary>
    private async Task<MqttConnection> ReconnectAsync(TimeSpan lived, Exception? reason)
    {
        MqttReconnectOptions reconnect = _options.Reconnect;
        bool takenOver = reason is MqttCommunicationException { DisconnectReasonCode: SessionTakenOver };
        bool stable = lived >= reconnect.StableAfter && !takenOver;
        bool closedEarly = !stable && reason is MqttCommunicationException { ClosedByBroker: true };
        int failures;
        int earlyCloses;
        lock (_lock)
        {
            _backoffFailures = stable ? 0 : _backoffFailures + 1;
            _earlyCloses = closedEarly ? _earlyCloses + 1 : 0;
            failures = _backoffFailures;
            earlyCloses = _earlyCloses;
        }

        if (earlyCloses == EarlyClosesBeforeSuspectingTakeover)
        {
            // mosquitto 2.0 closes the older of two connections with one client id without a DISCONNECT 0x8E, even
            // over 5.0: a broker that keeps closing a connection it has just accepted is the sign left to read.
            ReportConfigurationError(string.Create(CultureInfo.InvariantCulture,
                $"The MQTT broker at {_options.Host}:{_options.Port} closed the connection of client id '{ClientIdForLog}' without a reason, {earlyCloses} times in a row, each shortly after accepting it. The usual cause is another client connecting with the same client id (the broker then closes the older connection): give each hub or device its own ClientId. Reconnecting with a growing delay."));
        }

        if (failures > 0)
        {
            TimeSpan wait = BackoffDelay(reconnect, failures, Random.Shared.NextDouble());
            MqttClientLog.ReconnectDelayed(_options.Logger, ClientIdForLog, lived, failures, wait);
            await Task.Delay(wait, _time, _lifetime.Token).ConfigureAwait(false);
        }

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return (await ConnectOnceAsync(isReconnect: true, _lifetime.Token).ConfigureAwait(false)).Connection;
            }
            catch (Exception ex) when (IsTransient(ex) && !_lifetime.IsCancellationRequested)
            {
                lock (_lock)
                {
                    failures = ++_backoffFailures;
                }

                TimeSpan wait = BackoffDelay(reconnect, failures, Random.Shared.NextDouble());
                string why = Describe(ex);
                RecordError(why);
                MqttClientLog.ReconnectFailed(_options.Logger, ClientIdForLog, attempt, _options.Host, _options.Port, why, wait);
                await Task.Delay(wait, _time, _lifetime.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The exception for a DISCONNECT from the broker. 0x8E means another client connected with our client id: a
    /// configuration error (two hubs, or a device, sharing the id) that reconnecting cannot cure, and with both
    /// reconnecting it becomes a storm. It is reported once in the log and held on <see cref="Health"/>.
    /// </summary>
    private MqttCommunicationException BrokerDisconnected(DisconnectPacket disconnect)
    {
        string brokerText = disconnect.Properties?.ReasonString is { } text ? ": " + text : string.Empty;
        if (disconnect.ReasonCode != SessionTakenOver)
        {
            return new MqttCommunicationException(string.Create(CultureInfo.InvariantCulture,
                $"The MQTT broker disconnected us: {MqttReasonCodes.Describe(disconnect.ReasonCode)} (0x{disconnect.ReasonCode:X2}){brokerText}."))
            {
                DisconnectReasonCode = disconnect.ReasonCode,
            };
        }

        string problem = string.Create(CultureInfo.InvariantCulture,
            $"Another client connected to the MQTT broker at {_options.Host}:{_options.Port} with the same client id '{ClientIdForLog}' and took over its session (0x8E{brokerText}). Two hubs or devices share this client id: give each its own ClientId. Reconnecting with a growing delay.");
        ReportConfigurationError(problem);
        return new MqttCommunicationException(problem) { DisconnectReasonCode = SessionTakenOver };
    }

    /// <summary>Holds <paramref name="problem"/> on Health and logs it, once per client: the reconnects that follow are already logged.</summary>
    private void ReportConfigurationError(string problem)
    {
        bool first;
        lock (_lock)
        {
            _configurationError = problem;
            first = !_takeoverLogged;
            _takeoverLogged = true;
        }

        if (first)
        {
            MqttClientLog.SessionTakenOver(_options.Logger, ClientIdForLog, problem);
        }
    }

    /// <summary>The configuration error to show, cleared once a connection has lasted StableAfter. Call under _lock.</summary>
    private string? CurrentConfigurationError()
    {
        if (_configurationError is not null && _state == MqttClientState.Connected && _connectedSince is { } since
            && _time.GetUtcNow() - since >= _options.Reconnect.StableAfter)
        {
            _configurationError = null;
        }

        return _configurationError;
    }

    private MqttConnectException V311AnswerToV5Connect(byte returnCode)
    {
        byte mapped = MqttReasonCodes.FromV311ConnAck(returnCode);
        string message = returnCode == 1
            ? $"The MQTT broker at {_options.Host}:{_options.Port} refused the MQTT 5.0 CONNECT with the MQTT 3.1.1 answer \"unacceptable protocol version\": this broker speaks MQTT 3.1.1. Set ProtocolVersion to 4 (V311; in the hub Hub:Mqtt:ProtocolVersion=4)."
            : string.Create(CultureInfo.InvariantCulture, $"The MQTT broker at {_options.Host}:{_options.Port} answered the MQTT 5.0 CONNECT with the MQTT 3.1.1 return code {returnCode} ({MqttReasonCodes.Describe(mapped)}): it seems to speak MQTT 3.1.1 only. Set ProtocolVersion to 4 (V311).");
        return new MqttConnectException(mapped, null, message);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];

    private const byte SessionTakenOver = 0x8E;
    private const int EarlyClosesBeforeSuspectingTakeover = 3;

    // How long a protocol-error DISCONNECT may take to be written before the socket is closed anyway.
    private static readonly TimeSpan DisconnectFlushTimeout = TimeSpan.FromSeconds(5);
}
