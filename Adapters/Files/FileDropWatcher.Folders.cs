using System.Globalization;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files;

/// <summary>The file-drop adapter's folders: where a file goes once handled, and how a failed or refused one is reported.</summary>
public sealed partial class FileDropWatcher
{
    /// <summary>
    /// Creates the inbox, processed and failed folders if they are missing: 0750 whatever the umask (issue 16,
    /// item 21). An existing inbox keeps its mode, since IT may have opened it to the exporters' group.
    /// </summary>
    public void EnsureFolders()
    {
        PrivatePaths.CreateFolder(_options.Inbox, tightenExisting: false);
        PrivatePaths.CreateFolder(_options.Processed);
        PrivatePaths.CreateFolder(_options.Failed);
    }

    /// <summary>Moves a file that cannot be imported to failed/ with a report of one line giving the reason.</summary>
    private async Task FailFileAsync(string path, string reason, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var report = UniquePath(_options.Failed, fileName + ".errors.csv");
        await ErrorReportWriter.WriteAsync(report, [new RejectedRow(fileName, 1, null, reason, string.Empty)], cancellationToken)
            .ConfigureAwait(false);
        MoveOut(path, _options.Failed);
        Interlocked.Increment(ref _filesFailed);
        RecordError($"{fileName}: {reason}");
    }

    /// <summary>
    /// Sets aside an entry the inbox does not read (issue 16, item 1), without reading a byte of it: a link is
    /// removed (its target is left alone, never copied), anything else is moved to failed/; a report gives the reason,
    /// the log says so (1110) and <c>/health</c> counts it (<c>filesRefused</c>) with the reason as its last error.
    /// </summary>
    private async Task RefuseAsync(string path, string reason, bool isLink, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var report = UniquePath(_options.Failed, fileName + ".errors.csv");
        await ErrorReportWriter.WriteAsync(report, [new RejectedRow(fileName, 0, null, "refused: " + reason, string.Empty)], cancellationToken)
            .ConfigureAwait(false);
        if (isLink)
        {
            File.Delete(path); // unlink(2): the link goes, its target stays as it was
            _observed.Remove(path);
        }
        else
        {
            MoveOut(path, _options.Failed);
        }

        FileDropLog.FileRefused(_logger, LogText.Escape(fileName), isLink ? "removed" : "moved to " + LogText.Escape(_options.Failed), LogText.Escape(reason));
        Interlocked.Increment(ref _filesRefused);
        RecordError($"{fileName} refused: {reason}");
    }

    private string UniquePath(string folder, string fileName)
    {
        var target = Path.Combine(folder, fileName);
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return target;
        }

        // Keep the earlier copy: an ERP that exports orders.csv every hour must not lose yesterday's file or report.
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(fileName)}.{stamp}{Path.GetExtension(fileName)}");
    }

    private void MoveOut(string path, string folder)
    {
        File.Move(path, UniquePath(folder, Path.GetFileName(path)));
        if (_options.DoneMarkerSuffix is { } suffix && File.Exists(path + suffix))
        {
            File.Delete(path + suffix);
        }

        _observed.Remove(path);
    }
}
