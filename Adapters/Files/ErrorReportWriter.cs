using System.Globalization;
using System.Text;
using CsvHelper;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files;

/// <summary>Writes <c>&lt;file&gt;.errors.csv</c>: one line per rejected row, in file order, with the raw row.</summary>
internal static class ErrorReportWriter
{
    // A row's raw text in the report is cut here; its dead letter keeps it whole.
    private const int MaxRawChars = 16 * 1024;

    /// <summary>Writes the report; <paramref name="notListed"/> rejected rows beyond those given are counted in a last line.</summary>
    public static async Task WriteAsync(string path, IEnumerable<RejectedRow> rows, CancellationToken cancellationToken, long notListed = 0)
    {
        // Readable by the hub's user only, whatever the umask (issue 16, item 21): it holds customer data.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivatePaths.FileMode;
        }

        var file = new FileStream(path, options);
        // UTF-8 with a BOM, so that Excel on a Chinese Windows opens it without garbling.
        await using var stream = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(["file", "line", "column", "reason", "raw"]);
        foreach (var row in rows.OrderBy(r => r.Line))
        {
            await csv.WriteRecordAsync(
                [row.File, row.Line.ToString(CultureInfo.InvariantCulture), row.Column ?? string.Empty, row.Reason, Cut(row.Raw)],
                cancellationToken).ConfigureAwait(false);
        }

        if (notListed > 0)
        {
            await csv.WriteRecordAsync(
                [string.Empty, string.Empty, string.Empty, string.Create(CultureInfo.InvariantCulture, $"{notListed:N0} more rejected rows are not listed (Hub:Files:MaxDeadLettersPerFile)"), string.Empty],
                cancellationToken).ConfigureAwait(false);
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Cut(string raw) => raw.Length <= MaxRawChars
        ? raw
        : string.Create(CultureInfo.InvariantCulture, $"{raw.AsSpan(0, MaxRawChars)}… ({raw.Length - MaxRawChars:N0} more characters)");
}
