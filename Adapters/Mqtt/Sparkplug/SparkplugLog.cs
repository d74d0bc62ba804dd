using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>The Sparkplug B log events (4340-4349), written through the telemetry adapter's logger.</summary>
internal static partial class SparkplugLog
{
    [LoggerMessage(EventId = 4340, Level = LogLevel.Warning, Message = "Sparkplug B: asked edge node {Group}/{EdgeNode} for a rebirth on {Topic}: {Reason}")]
    public static partial void RebirthRequested(ILogger logger, string group, string edgeNode, string topic, string reason);

    [LoggerMessage(EventId = 4341, Level = LogLevel.Information, Message = "Sparkplug B: {Notice}")]
    public static partial void Notice(ILogger logger, string notice);

    [LoggerMessage(EventId = 4342, Level = LogLevel.Information, Message = "Sparkplug B: {Topic} took its metrics offline")]
    public static partial void WentOffline(ILogger logger, string topic);

    [LoggerMessage(EventId = 4343, Level = LogLevel.Warning, Message = "Sparkplug B: the rebirth request to {Topic} could not be published ({Reason}); the next message of the node asks again after the rebirth interval")]
    public static partial void RebirthNotSent(ILogger logger, string topic, string reason);
}
