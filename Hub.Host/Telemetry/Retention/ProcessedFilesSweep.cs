namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>
/// Deletes the file drop's imported files once past <c>Hub:Retention:ProcessedFiles</c> (issue 17 item 6). Only regular
/// files directly in the folder: links are left alone (never followed), and so are sub-folders an operator made. A
/// file's age is its last write time, which the move into <c>processed/</c> keeps: the time it finished arriving.
/// </summary>
internal sealed class ProcessedFilesSweep(ILogger<ProcessedFilesSweep> logger)
{
    public int Sweep(string folder, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var entry in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is not null || entry.LastWriteTimeUtc >= cutoff.UtcDateTime)
            {
                continue;
            }

            try
            {
                entry.Delete();
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                RetentionLog.FileNotDeleted(logger, Adapters.Abstractions.LogText.Escape(entry.Name), ex.Message);
            }
        }

        return deleted;
    }
}
