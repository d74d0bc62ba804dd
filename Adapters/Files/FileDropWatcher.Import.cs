using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Csv;
using IntegrationHub.Adapters.Files.Excel;
using IntegrationHub.Adapters.Files.Inbox;

namespace IntegrationHub.Adapters.Files;

/// <summary>Importing one file: open it safely, inspect it, hand its rows to the sink, and judge whether it was an export at all.</summary>
public sealed partial class FileDropWatcher
{
    private const int ProgressEvery = 50_000;

    private async Task<bool> TryImportAsync(string path, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var shown = LogText.Escape(fileName);
        var binding = _bindings.FirstOrDefault(b => b.Pattern.IsMatch(fileName)).Binding;
        if (binding is null)
        {
            var patterns = string.Join(", ", _bindings.Select(b => b.Pattern.Pattern));
            FileDropLog.NoSourceMatches(_logger, shown, patterns, _options.Failed);
            await FailFileAsync(path, $"the file name matches no configured source; patterns: {patterns}", cancellationToken)
                .ConfigureAwait(false);
            return true;
        }

        try
        {
            var abandoned = await ImportAsync(path, binding, cancellationToken).ConfigureAwait(false);
            if (abandoned is not null)
            {
                FileDropLog.FileSetAside(_logger, shown, _options.Failed, LogText.Escape(abandoned.Reason));
                var report = UniquePath(_options.Failed, fileName + ".errors.csv");
                await ErrorReportWriter.WriteAsync(
                    report, [new RejectedRow(fileName, 0, null, abandoned.Reason, string.Empty), .. abandoned.Listed], cancellationToken, abandoned.NotListed)
                    .ConfigureAwait(false);

                MoveOut(path, _options.Failed);
                Interlocked.Increment(ref _filesFailed);
                RecordError($"{fileName}: {abandoned.Reason}");
            }

            return true;
        }
        catch (RefusedFileException ex)
        {
            await RefuseAsync(path, ex.Reason, ex.IsLink, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (UnreadableFileException ex)
        {
            FileDropLog.FileUnreadable(_logger, shown, _options.Failed, LogText.Escape(ex.Reason));
            await FailFileAsync(path, ex.Reason, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            FileDropLog.ImportFailed(_logger, ex, shown);
            RecordError($"{fileName}: {ex.Message}");
            _observed.Remove(path);
            return false;
        }
    }

    /// <summary>Imports a file; returns null when it went to processed/, or why it must go to failed/ whole.</summary>
    private async Task<SetAside?> ImportAsync(string path, FileSourceBinding binding, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var shown = LogText.Escape(fileName);
        var started = Stopwatch.GetTimestamp();
        SetAside? abandoned = null;
        int read = 0, stored = 0, rejectedRows = 0;
        await using (var stream = InboxFileOpener.Open(_options.Inbox, fileName, _options.MaxFileBytes))
        {
            var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
            FileDropLog.ImportStarted(_logger, shown, LogText.Escape(binding.Source));
            var excel = ExcelFileReader.Handles(fileName);
            var inspected = await FileInspector.InspectAsync(
                stream, fileName, excel ? null : binding.Encoding, _options.MaxFileBytes, _options.MaxRowBytes, cancellationToken)
                .ConfigureAwait(false);

            // Bounded: at most MaxDeadLettersPerFile rows are dead-lettered and listed; the file is read as a stream.
            var cap = _options.MaxDeadLettersPerFile;
            var listed = new List<RejectedRow>();
            long notListed = 0;
            var nextProgress = ProgressEvery;
            var chunks = excel
                ? ExcelFileReader.ReadAsync(stream, fileName, binding, _options.BatchSize, receivedAt, cancellationToken)
                : CsvFileReader.ReadAsync(stream, fileName, inspected, binding, _options.BatchSize, receivedAt, _options.MaxRowBytes, cancellationToken);
            // Issue 17, Benchmarks: the next chunk is read and prepared (mapped) here while the one before it is stored on
            // another thread. At most one commit is in flight, so commits keep file order and memory holds at most two
            // chunks; the budget and the judgement use the counts known after preparing, as when chunks went one by one.
            Task? storing = null;
            ExceptionDispatchInfo? readFailure = null;
            var scope = new FileImportScope();
            try
            {
                await foreach (var chunk in chunks.ConfigureAwait(false))
                {
                    var budget = Math.Max(0, cap - rejectedRows);
                    var prepared = _sink.Prepare(chunk with { ContentHash = inspected.ContentHash, DeadLetterBudget = budget, Scope = scope });
                    var refused = prepared.Refused;
                    // A sink reports one entry per problem, so a row with two bad columns appears twice.
                    var refusedRows = refused.Select(r => r.Line).Distinct().Count();
                    foreach (var row in chunk.Rejected.Concat(refused).OrderBy(r => r.Line))
                    {
                        if (listed.Count < cap)
                        {
                            listed.Add(row);
                        }
                        else
                        {
                            notListed++;
                        }
                    }

                    stored += chunk.Records.Count - refusedRows;
                    rejectedRows += chunk.Rejected.Count + refusedRows;
                    read += chunk.Records.Count + chunk.Rejected.Count;
                    if (read >= nextProgress)
                    {
                        FileDropLog.Progress(_logger, shown, read);
                        nextProgress += ProgressEvery;
                    }

                    abandoned = Judge(read, stored, rejectedRows) is { } reason ? new SetAside(reason, listed, notListed) : null;
                    if (storing is not null)
                    {
                        // The previous chunk's failure stops the file here, before this chunk is stored.
                        var previous = storing;
                        storing = null;
                        await previous.ConfigureAwait(false);
                    }

                    // Stored whether or not the file was judged (as before): the rows up to here are in the report.
                    storing = Task.Run(() => prepared.CommitAsync(cancellationToken), cancellationToken);
                    if (abandoned is not null)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex)
            {
                readFailure = ExceptionDispatchInfo.Capture(ex);
            }

            await StoredAsync(storing, readFailure, shown).ConfigureAwait(false);
            readFailure?.Throw();

            if (abandoned is null && listed.Count > 0)
            {
                var report = UniquePath(_options.Failed, fileName + ".errors.csv");
                await ErrorReportWriter.WriteAsync(report, listed, cancellationToken, notListed).ConfigureAwait(false);
                FileDropLog.RowsRejected(_logger, shown, rejectedRows, LogText.Escape(report));
            }
        }

        Interlocked.Add(ref _rowsStored, stored);
        Interlocked.Add(ref _rowsRejected, rejectedRows);
        if (abandoned is not null)
        {
            return abandoned;
        }

        MoveOut(path, _options.Processed);
        FileDropLog.ImportFinished(_logger, shown, stored, rejectedRows, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        Interlocked.Increment(ref _filesImported);
        lock (_statusLock)
        {
            _status = _status with { LastSuccessAt = _time.GetUtcNow() };
        }

        return null;
    }

    /// <summary>
    /// Waits for the last chunk's commit, also when reading failed after it was handed over, so that nothing is still
    /// being written once the file is judged. Its failure wins over the reader's: the chunk came first in the file, and
    /// when chunks were stored one by one a store failure was seen before the next chunk was read.
    /// </summary>
    private async Task StoredAsync(Task? storing, ExceptionDispatchInfo? readFailure, string shown)
    {
        if (storing is null)
        {
            return;
        }

        try
        {
            await storing.ConfigureAwait(false);
        }
        catch (Exception) when (readFailure is not null)
        {
            if (readFailure.SourceException is not OperationCanceledException)
            {
                FileDropLog.ReadFailureSuperseded(_logger, shown, LogText.Escape(readFailure.SourceException.Message));
            }

            throw;
        }
    }

    /// <summary>
    /// Why the file read so far is not an export of its source (issue 16, item 6: 200 MB of random bytes became 1.6
    /// million dead letters and counted as imported), or null.
    /// </summary>
    private string? Judge(int read, int stored, int rejected)
    {
        var share = read == 0 ? 0 : (double)rejected / read;
        if (rejected > _options.MaxDeadLettersPerFile)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"more than Hub:Files:MaxDeadLettersPerFile ({_options.MaxDeadLettersPerFile:N0}) rows were rejected; reading stopped after {read:N0} rows ({stored:N0} stored, {rejected:N0} rejected, the first {_options.MaxDeadLettersPerFile:N0} of them dead-lettered); the file is kept whole here: fix the export or the mapping and drop it again");
        }

        if (read >= _options.MinRowsForRejectedShare && share > _options.MaxRejectedShare)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{share:P0} of its first {read:N0} rows were rejected, more than Hub:Files:MaxRejectedShare ({_options.MaxRejectedShare:P0}): it does not look like an export of this source; reading stopped ({stored:N0} stored, {rejected:N0} rejected and dead-lettered); the file is kept whole here: fix the export or the mapping and drop it again");
        }

        return null;
    }
}
