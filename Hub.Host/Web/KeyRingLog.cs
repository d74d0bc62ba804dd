namespace IntegrationHub.Hub.Host.Web;

internal static partial class KeyRingLog
{
    [LoggerMessage(1680, LogLevel.Information, "Session cookie key ring: imported {Count} element(s) from the old key folder {Folder} into the store; the folder is no longer read and may be deleted once every node runs this version")]
    public static partial void Imported(ILogger logger, int count, string folder);

    [LoggerMessage(1681, LogLevel.Warning, "Session cookie key ring: {File} in the old key folder was not imported: {Reason}")]
    public static partial void Skipped(ILogger logger, string file, string reason);

    [LoggerMessage(1682, LogLevel.Information, "Session cookie key ring: element {Name} added to the store (shared by every node of this database)")]
    public static partial void Added(ILogger logger, string name);

    [LoggerMessage(1683, LogLevel.Error, "Session cookie key ring: a stored element cannot be read and is ignored: {Reason}")]
    public static partial void Unreadable(ILogger logger, string reason);

    [LoggerMessage(1684, LogLevel.Information, "Session cookie key ring: element {Name} was stored already (another node wrote it first)")]
    public static partial void AlreadyStored(ILogger logger, string name);
}
