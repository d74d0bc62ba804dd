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
                [Cell(row.File), row.Line.ToString(CultureInfo.InvariantCulture), Cell(row.Column ?? string.Empty), Cell(row.Reason), Cell(Cut(row.Raw))],
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

    /// <summary>
    /// A text cell Excel shows as text and never runs (issue 23 item 6): a cell that starts like a formula (=, +, -, @,
    /// tab or carriage return; OWASP's CSV injection advice) gets a leading apostrophe, and control characters other
    /// than tab and line breaks, which Excel can neither show nor keep (a NUL cuts the cell), become their visible
    /// control pictures (U+2400 block: ␀, ␛). Everything else of the row stays as the file held it.
    /// </summary>
    internal static string Cell(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var visible = text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || text.Contains('\u007f', StringComparison.Ordinal)
            ? string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    var c = source[i];
                    span[i] = c switch
                    {
                        '\t' or '\r' or '\n' => c,
                        < '\u0020' => (char)('\u2400' + c),
                        '\u007f' => '\u2421',
                        _ => c,
                    };
                }
            })
            : text;
        return text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + visible : visible;
    }

    private static string Cut(string raw) => raw.Length <= MaxRawChars
        ? raw
        : string.Create(CultureInfo.InvariantCulture, $"{raw.AsSpan(0, MaxRawChars)}… ({raw.Length - MaxRawChars:N0} more characters)");
}
