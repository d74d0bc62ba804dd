using System.Text;
using CsvHelper;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files.Export;

/// <summary>
/// An export folder another system (an ERP) picks files up from: each <see cref="ExportTable"/> becomes one CSV file with
/// a header row, in the folder's encoding, with cells that look like formulas guarded. A file appears whole or not at
/// all: it is written under a hidden temporary name (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>) in the same folder,
/// flushed to disk, then given its final name without replacing anything, so a reader never meets half a file and a
/// second write of the same table (the outbox's retry or replay) finds the first and writes nothing.
/// </summary>
public sealed class ExportFolder
{
    private const string TempSuffix = ".tmp";

    /// <param name="path">The folder, absolute (checked with <see cref="Problems"/> at start).</param>
    /// <param name="encoding">The text encoding the reader expects (<see cref="ExportEncodings.Find"/>).</param>
    public ExportFolder(string path, Encoding encoding)
    {
        Path = System.IO.Path.TrimEndingDirectorySeparator(path);
        Encoding = encoding;
    }

    public string Path { get; }

    public Encoding Encoding { get; }

    /// <summary>
    /// What is wrong with <paramref name="path"/> as an export folder, each with the fix; empty when nothing is. Refused:
    /// a path that does not exist, is not a directory, is a symbolic link (another user could point it anywhere the hub
    /// may write) or that the hub cannot create a file in.
    /// </summary>
    public static IReadOnlyList<string> Problems(string path, string setting)
    {
        var folder = new DirectoryInfo(System.IO.Path.TrimEndingDirectorySeparator(path));
        if (folder.LinkTarget is { } target)
        {
            return [$"{setting}: {folder.FullName} is a symbolic link (to {LogText.Escape(target)}); name the real folder instead."];
        }

        if (!folder.Exists)
        {
            return [File.Exists(folder.FullName)
                ? $"{setting}: {folder.FullName} is a file, not a directory; name the folder the ERP reads its imports from."
                : $"{setting}: {folder.FullName} does not exist; create it (writable by the hub's user) or name another folder."];
        }

        var probe = System.IO.Path.Combine(folder.FullName, $".hub-write-check-{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
            }

            File.Delete(probe);
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [$"{setting}: the hub cannot create files in {folder.FullName} ({e.Message}); give the hub's user write access to it."];
        }
    }

    /// <summary>Writes <paramref name="table"/> as one file; never throws for a failure of the folder (see <see cref="ExportOutcome"/>).</summary>
    public async Task<ExportOutcome> WriteAsync(ExportTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var name = table.FileName;
        if (ExportTable.Check(table) is { } invalid)
        {
            return new ExportOutcome { FileName = name, Error = $"{name}: {invalid}" };
        }

        var final = System.IO.Path.Combine(Path, name);
        if (new DirectoryInfo(Path).LinkTarget is not null)
        {
            return new ExportOutcome { FileName = name, Error = $"export folder {Path} has become a symbolic link; nothing written. Put the real folder back, then replay the dead letter." };
        }

        if (!Directory.Exists(Path))
        {
            return new ExportOutcome { FileName = name, Error = $"export folder {Path} does not exist (deleted or unmounted?); nothing written. Recreate it, then replay the dead letter." };
        }

        if (File.Exists(final))
        {
            return new ExportOutcome { FileName = name, AlreadyThere = true };
        }

        var temp = System.IO.Path.Combine(Path, $".{name}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            await WriteFileAsync(temp, table, cancellationToken).ConfigureAwait(false);
            try
            {
                // No overwrite: of two attempts racing (a lapsed claim), the second finds the first's file and stops.
                File.Move(temp, final, overwrite: false);
                return new ExportOutcome { FileName = name };
            }
            catch (IOException) when (File.Exists(final))
            {
                return new ExportOutcome { FileName = name, AlreadyThere = true };
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return new ExportOutcome { FileName = name, Error = $"export folder {Path}: {e.Message}; nothing written. Fix the folder, then replay the dead letter." };
        }
        catch (IOException e)
        {
            return new ExportOutcome { FileName = name, Error = $"export folder {Path}: {e.Message}", IsTransient = true };
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private async Task WriteFileAsync(string temp, ExportTable table, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        await using var file = new FileStream(temp, options);
        await using (var text = new StreamWriter(file, Encoding, bufferSize: 1 << 14, leaveOpen: true))
        {
            await using var csv = CsvWriter.Create(text, CsvWriterOptions.Default, leaveOpen: true);
            csv.WriteHeader([.. table.Columns.Select(ErrorReportWriter.Cell)]);
            foreach (var row in table.Rows)
            {
                await csv.WriteRecordAsync([.. row.Select(ErrorReportWriter.Cell)], cancellationToken).ConfigureAwait(false);
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        // On the disk before the final name appears: a crash right after the rename must not leave an empty file.
        file.Flush(flushToDisk: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder went away under the write; there is nothing left to tidy.
        }
    }
}
