namespace IntegrationHub.Hub.Host.Photos;

/// <summary>Photo intake messages; event ids 2300-2302 are stable for alerting (issue 24). No photo bytes, no file names
/// as sent beyond an escaped form.</summary>
internal static partial class PhotoLog
{
    [LoggerMessage(2300, LogLevel.Information, "Photo {PhotoId} ({Format}, {Width} x {Height}, {Length} bytes after {Stripped} bytes of metadata were stripped) stored for {Owner}")]
    public static partial void Stored(ILogger logger, string photoId, string format, int width, int height, long length, long stripped, string owner);

    [LoggerMessage(2301, LogLevel.Warning, "Photo from {Owner} refused ({Problem}): {Reason}")]
    public static partial void Refused(ILogger logger, string owner, string problem, string reason);

    [LoggerMessage(2302, LogLevel.Error, "Photo folder refused to write {Path}: {Reason}. Someone may have planted a link there; nothing was written")]
    public static partial void StorageRefused(ILogger logger, string path, string reason);

    [LoggerMessage(2390, LogLevel.Error, "Photo from {Owner} refused: the data disk has {FreeBytes} bytes free, below the floor of {FloorBytes} (Hub:Portal:ServiceRequests:Photos:MinFreeDiskBytes). Free space on the data disk")]
    public static partial void DiskBelowFloor(ILogger logger, string owner, long freeBytes, long floorBytes);

    [LoggerMessage(2391, LogLevel.Information, "Photo {PhotoId} removed: the request that wrote it was refused or replayed, and nothing refers to it")]
    public static partial void Forgotten(ILogger logger, string photoId);
}
