namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>The retention service's log messages; event ids 1550-1579 and 1720 are stable for alerting.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(1550, LogLevel.Information, "Retention pass: {RolledUp} readings rolled up; deleted {Raw} raw readings, {Rollups} rollup buckets, {DeadLetters} dead letters, {Outbox} outbox messages, {Files} processed files, in {Batches} batches and {Elapsed}")]
    public static partial void PassDone(ILogger logger, long rolledUp, long raw, long rollups, long deadLetters, long outbox, long files, long batches, TimeSpan elapsed);

    [LoggerMessage(1551, LogLevel.Warning, "Retention pass failed: {Reason}; the next pass in {Delay} goes on where this one stopped")]
    public static partial void PassFailed(ILogger logger, Exception exception, string reason, TimeSpan delay);

    [LoggerMessage(1552, LogLevel.Warning, "Processed file {File} is past retention but could not be deleted: {Reason}")]
    public static partial void FileNotDeleted(ILogger logger, string file, string reason);

    [LoggerMessage(1553, LogLevel.Information, "Retention: telemetry kept raw {Raw}, minute rollups {Minute}, hour rollups {Hour}; dead letters {DeadLetters} ({Replayed} once replayed), sent outbox {Outbox}, processed files {Files}; a pass every {Interval}")]
    public static partial void Started(ILogger logger, TimeSpan raw, TimeSpan minute, TimeSpan hour, TimeSpan deadLetters, TimeSpan replayed, TimeSpan outbox, TimeSpan files, TimeSpan interval);

    [LoggerMessage(1720, LogLevel.Warning, "Retention stopped on this node: a batch was refused because lease {Lease} has moved on from token {Token} (another node runs retention now); nothing of that batch was deleted")]
    public static partial void Fenced(ILogger logger, string lease, long token);
}
