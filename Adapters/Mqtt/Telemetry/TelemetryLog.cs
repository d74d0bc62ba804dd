using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>The telemetry adapter's log events (4308-4399), written through the client's logger.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 4308, Level = LogLevel.Error, Message = "MQTT telemetry: {Count} QoS 0 message(s) were lost: storing them failed")]
    public static partial void QoS0Lost(ILogger logger, Exception exception, int count);
}
