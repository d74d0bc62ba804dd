using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>
/// Deletes the file drop's imported files once past <c>Hub:Retention:ProcessedFiles</c> (issue 17 item 6). Only regular
/// files directly in the folder: links are left alone (never followed), and so are sub-folders an operator made. A
/// file's age is its last write time, which the move into <c>processed/</c> keeps: the time it finished arriving.
/// </summary>
/// <remarks>
/// The folder may be shared by several nodes; the sweep is part of the leased retention work (issue 18 item 1), and
/// each batch of deletes runs only while this node's token is current (<see cref="IRecordRetentionStore.RunFencedAsync"/>),
/// so a node whose lease moved on (paused, cut off) stops sweeping at its next batch.
/// </remarks>
internal sealed class ProcessedFilesSweep(IRecordRetentionStore records, ILogger<ProcessedFilesSweep> logger)
{
    /// <summary>Files deleted under one check of the fence.</summary>
    internal const int FilesPerBatch = 100;

    public async Task<int> SweepAsync(string folder, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var deleted = 0;
        var batch = new List<FileInfo>(FilesPerBatch);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is not null || entry.LastWriteTimeUtc >= cutoff.UtcDateTime)
            {
                continue;
            }

            batch.Add(entry);
            if (batch.Count == FilesPerBatch)
            {
                deleted += await DeleteFencedAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        return batch.Count == 0 ? deleted : deleted + await DeleteFencedAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private Task<int> DeleteFencedAsync(List<FileInfo> batch, CancellationToken cancellationToken) =>
        records.RunFencedAsync($"retention's sweep of {batch.Count} processed files", _ => Task.FromResult(Delete(batch)), cancellationToken);

    private int Delete(List<FileInfo> batch)
    {
        var deleted = 0;
        foreach (var entry in batch)
        {
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
