namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>The readings refused by <see cref="ReadingAdmission"/>; event ids 1012-1013 are stable for alerting.</summary>
internal static partial class ReadingAdmissionLog
{
    // A device publishing onto another customer's machine is misconfigured or hostile: worth an alert of its own.
    [LoggerMessage(1012, LogLevel.Warning, "{Count} MQTT reading(s) dead-lettered because the topic's customer does not own the machine; the first: {Reason}")]
    public static partial void WrongOwner(ILogger logger, int count, string reason);

    [LoggerMessage(1013, LogLevel.Warning, "{Count} MQTT reading(s) dead-lettered because they are stamped in the future; the first: {Reason}")]
    public static partial void FromTheFuture(ILogger logger, int count, string reason);
}
