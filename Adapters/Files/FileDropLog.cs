using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Files;

/// <summary>
/// The file-drop adapter's log messages; event ids 1100-1199 (and 1610-1619, the overlapped import of issue 17) are stable for alerting. Every outside-controlled value
/// (file names, reasons quoting a file's header) is passed through <see cref="Abstractions.LogText.Escape"/> by the caller,
/// so a name with a line break cannot forge a log line (issue 16, item 22).
/// </summary>
internal static partial class FileDropLog
{
    [LoggerMessage(1100, LogLevel.Information, "Importing {File} as source {Source}")]
    public static partial void ImportStarted(ILogger logger, string file, string source);

    [LoggerMessage(1101, LogLevel.Information, "Imported {File}: {Stored} rows stored, {Rejected} rejected, in {ElapsedMs} ms")]
    public static partial void ImportFinished(ILogger logger, string file, int stored, int rejected, long elapsedMs);

    [LoggerMessage(1102, LogLevel.Warning, "{File}: {Rejected} rows rejected; see {Report} and the dead letters")]
    public static partial void RowsRejected(ILogger logger, string file, int rejected, string report);

    [LoggerMessage(1103, LogLevel.Error, "{File} cannot be read and was moved to {Folder}: {Reason}")]
    public static partial void FileUnreadable(ILogger logger, string file, string folder, string reason);

    [LoggerMessage(1104, LogLevel.Warning, "{File} matches no configured source (patterns: {Patterns}); moved to {Folder}")]
    public static partial void NoSourceMatches(ILogger logger, string file, string patterns, string folder);

    [LoggerMessage(1105, LogLevel.Error, "Importing {File} failed; it stays in the inbox and is retried")]
    public static partial void ImportFailed(ILogger logger, Exception exception, string file);

    [LoggerMessage(1106, LogLevel.Information, "{File}: {Rows} rows read so far")]
    public static partial void Progress(ILogger logger, string file, int rows);

    [LoggerMessage(1107, LogLevel.Information, "Watching {Inbox} for {Count} sources")]
    public static partial void Watching(ILogger logger, string inbox, int count);

    [LoggerMessage(1110, LogLevel.Error, "{File} refused and {Action}, not read: {Reason}")]
    public static partial void FileRefused(ILogger logger, string file, string action, string reason);

    [LoggerMessage(1111, LogLevel.Error, "{File} set aside whole in {Folder}: {Reason}")]
    public static partial void FileSetAside(ILogger logger, string file, string folder, string reason);

    [LoggerMessage(1610, LogLevel.Warning, "{File}: reading failed ({Reason}) while the chunk before was being stored, and that store failed too; the store's failure decides what happens to the file")]
    public static partial void ReadFailureSuperseded(ILogger logger, string file, string reason);
}
