using System.Diagnostics;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Csv;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Files;

/// <summary>
/// Watches an inbox folder for exports and imports each whole file once: its rows go to the sink, then the file
/// moves to processed/, and a report of its rejected rows goes to failed/. A file still being written is left
/// alone (stable size, or a marker file). If the sink fails, the file stays in the inbox and is tried again:
/// the store's idempotent upserts make the second attempt harmless.
/// </summary>
public sealed class FileDropWatcher : IAdapterStatusSource
{
    private const int ProgressEvery = 50_000;

    private readonly FileDropOptions _options;
    private readonly IReadOnlyList<(FileSourceBinding Binding, FileNamePattern Pattern)> _bindings;
    private readonly IFileChunkSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Observation> _observed = new(StringComparer.Ordinal);
    private readonly Lock _statusLock = new();
    private AdapterStatus _status;
    private long _filesImported;
    private long _filesFailed;
    private long _rowsStored;
    private long _rowsRejected;

    /// <param name="name">The adapter's name on the health endpoint.</param>
    /// <param name="options">Settings; the folders must be absolute.</param>
    /// <param name="bindings">Which files belong to which source, tried in order.</param>
    /// <param name="sink">Where rows go.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    public FileDropWatcher(
        string name,
        FileDropOptions options,
        IEnumerable<FileSourceBinding> bindings,
        IFileChunkSink sink,
        TimeProvider time,
        ILogger<FileDropWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var folder in new[] { options.Inbox, options.Processed, options.Failed })
        {
            if (!Path.IsPathFullyQualified(folder))
            {
                throw new ArgumentException($"The folder '{folder}' must be an absolute path.", nameof(options));
            }
        }

        _options = options;
        _bindings = bindings.Select(b => (b, new FileNamePattern(b.Match))).ToList();
        _sink = sink;
        _time = time;
        _logger = logger;
        _status = new AdapterStatus { Name = name, State = AdapterState.Starting };
    }

    /// <summary>Scans the inbox every <see cref="FileDropOptions.PollInterval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        EnsureFolders();
        FileDropLog.Watching(_logger, _options.Inbox, _bindings.Count);
        SetState(AdapterState.Running);
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        do
        {
            await ScanOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Imports every file of the inbox that is ready now; returns how many files were handled.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        EnsureFolders();
        var handled = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_options.Inbox).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            present.Add(path);
            if (!IsReady(path))
            {
                continue;
            }

            if (await TryImportAsync(path, cancellationToken).ConfigureAwait(false))
            {
                handled++;
            }
        }

        foreach (var gone in _observed.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _observed.Remove(gone);
        }

        return handled;
    }

    /// <inheritdoc />
    public AdapterStatus GetStatus()
    {
        lock (_statusLock)
        {
            return _status with
            {
                Counts = new Dictionary<string, long>
                {
                    ["filesImported"] = Interlocked.Read(ref _filesImported),
                    ["filesFailed"] = Interlocked.Read(ref _filesFailed),
                    ["rowsStored"] = Interlocked.Read(ref _rowsStored),
                    ["rowsRejected"] = Interlocked.Read(ref _rowsRejected),
                },
            };
        }
    }

    private bool IsReady(string path)
    {
        var fileName = Path.GetFileName(path);
        if (fileName.StartsWith('.') || fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".part", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_options.DoneMarkerSuffix is { } suffix)
        {
            return !fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && File.Exists(path + suffix);
        }

        // Stable: the same size and write time as at an earlier scan at least StableFor ago.
        var info = new FileInfo(path);
        var now = _time.GetUtcNow();
        if (!_observed.TryGetValue(path, out var seen) || seen.Length != info.Length || seen.LastWrite != info.LastWriteTimeUtc)
        {
            _observed[path] = new Observation(info.Length, info.LastWriteTimeUtc, now);
            return _options.StableFor <= TimeSpan.Zero;
        }

        return now - seen.Since >= _options.StableFor;
    }

    private async Task<bool> TryImportAsync(string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var binding = _bindings.FirstOrDefault(b => b.Pattern.IsMatch(fileName)).Binding;
        if (binding is null)
        {
            var patterns = string.Join(", ", _bindings.Select(b => b.Pattern.Pattern));
            FileDropLog.NoSourceMatches(_logger, fileName, patterns, _options.Failed);
            await FailFileAsync(path, $"the file name matches no configured source; patterns: {patterns}", cancellationToken)
                .ConfigureAwait(false);
            return true;
        }

        try
        {
            await ImportAsync(path, binding, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (UnreadableFileException ex)
        {
            FileDropLog.FileUnreadable(_logger, fileName, _options.Failed, ex.Reason);
            await FailFileAsync(path, ex.Reason, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            FileDropLog.ImportFailed(_logger, ex, fileName);
            RecordError($"{fileName}: {ex.Message}");
            _observed.Remove(path);
            return false;
        }
    }

    private async Task ImportAsync(string path, FileSourceBinding binding, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var started = Stopwatch.GetTimestamp();
        var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        FileDropLog.ImportStarted(_logger, fileName, binding.Source);

        var rejected = new List<RejectedRow>();
        int read = 0, stored = 0, rejectedRows = 0, nextProgress = ProgressEvery;
        var chunks = Excel.ExcelFileReader.Handles(fileName)
            ? Excel.ExcelFileReader.ReadAsync(path, binding, _options.BatchSize, receivedAt, cancellationToken)
            : CsvFileReader.ReadAsync(path, binding, _options.BatchSize, receivedAt, cancellationToken);
        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            var refused = await _sink.StoreAsync(chunk, cancellationToken).ConfigureAwait(false);
            rejected.AddRange(chunk.Rejected);
            rejected.AddRange(refused);
            // A sink reports one entry per problem, so a row with two bad columns appears twice.
            var refusedRows = refused.Select(r => r.Line).Distinct().Count();
            stored += chunk.Records.Count - refusedRows;
            rejectedRows += chunk.Rejected.Count + refusedRows;
            read += chunk.Records.Count + chunk.Rejected.Count;
            if (read >= nextProgress)
            {
                FileDropLog.Progress(_logger, fileName, read);
                nextProgress += ProgressEvery;
            }
        }

        if (rejected.Count > 0)
        {
            var report = UniquePath(_options.Failed, fileName + ".errors.csv");
            await ErrorReportWriter.WriteAsync(report, rejected, cancellationToken).ConfigureAwait(false);
            FileDropLog.RowsRejected(_logger, fileName, rejectedRows, report);
        }

        MoveOut(path, _options.Processed);
        FileDropLog.ImportFinished(_logger, fileName, stored, rejectedRows, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Interlocked.Increment(ref _filesImported);
        Interlocked.Add(ref _rowsStored, stored);
        Interlocked.Add(ref _rowsRejected, rejectedRows);
        lock (_statusLock)
        {
            _status = _status with { LastSuccessAt = _time.GetUtcNow() };
        }
    }

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

    private string UniquePath(string folder, string fileName)
    {
        var target = Path.Combine(folder, fileName);
        if (!File.Exists(target))
        {
            return target;
        }

        // Keep the earlier copy: an ERP that exports orders.csv every hour must not lose yesterday's file or report.
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>Creates the inbox, processed and failed folders if they are missing.</summary>
    public void EnsureFolders()
    {
        Directory.CreateDirectory(_options.Inbox);
        Directory.CreateDirectory(_options.Processed);
        Directory.CreateDirectory(_options.Failed);
    }

    private void SetState(AdapterState state)
    {
        lock (_statusLock)
        {
            _status = _status with { State = state };
        }
    }

    private void RecordError(string error)
    {
        lock (_statusLock)
        {
            _status = _status with { LastError = error, LastErrorAt = _time.GetUtcNow() };
        }
    }

    private readonly record struct Observation(long Length, DateTime LastWrite, DateTimeOffset Since);
}
