using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Inbox;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Files;

/// <summary>
/// Watches an inbox folder for exports and imports each whole file once: its rows go to the sink, then the file
/// moves to processed/, and a report of its rejected rows goes to failed/. A file still being written is left
/// alone (stable size, or a marker file). If the sink fails, the file stays in the inbox and is tried again:
/// the store's idempotent upserts make the second attempt harmless. Only regular files the inbox holds itself are
/// read, within <see cref="FileDropOptions.MaxFileBytes"/> and <see cref="FileDropOptions.MaxRowBytes"/>; links,
/// FIFOs, devices and sockets are refused unread (issue 16, item 1), and a file that is not an export of its
/// source is set aside whole in failed/ (item 6).
/// </summary>
public sealed partial class FileDropWatcher : IAdapterStatusSource
{
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
    private long _filesRefused;

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
        FileDropLog.Watching(_logger, LogText.Escape(_options.Inbox), _bindings.Count);
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
        var entries = new DirectoryInfo(_options.Inbox).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = entry.FullName;
            present.Add(path);
            if (IsIgnored(entry.Name))
            {
                continue;
            }

            // A link (to a file, a folder or nowhere) is never followed: the inbox reads only what it holds itself.
            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint) || entry.LinkTarget is not null)
            {
                await RefuseAsync(path, InboxFileOpener.LinkReason(path), isLink: true, cancellationToken).ConfigureAwait(false);
                handled++;
                continue;
            }

            if (entry is DirectoryInfo || !IsReady(path))
            {
                continue; // subfolders are not read
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
                    ["filesRefused"] = Interlocked.Read(ref _filesRefused),
                },
            };
        }
    }

    // Files being written (.part, .tmp), hidden files, and done markers are left alone.
    private bool IsIgnored(string fileName) =>
        fileName.StartsWith('.') || fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
        || (_options.DoneMarkerSuffix is { } suffix && fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    private bool IsReady(string path)
    {
        if (_options.DoneMarkerSuffix is { } suffix)
        {
            return File.Exists(path + suffix);
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
