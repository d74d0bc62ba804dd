using System.Globalization;
using System.Text;
using CsvHelper;

namespace IntegrationHub.Adapters.Files;

/// <summary>Writes <c>&lt;file&gt;.errors.csv</c>: one line per rejected row, in file order, with the raw row.</summary>
internal static class ErrorReportWriter
{
    public static async Task WriteAsync(string path, IEnumerable<RejectedRow> rows, CancellationToken cancellationToken)
    {
        // UTF-8 with a BOM, so that Excel on a Chinese Windows opens it without garbling.
        await using var stream = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(["file", "line", "column", "reason", "raw"]);
        foreach (var row in rows.OrderBy(r => r.Line))
        {
            await csv.WriteRecordAsync(
                [row.File, row.Line.ToString(CultureInfo.InvariantCulture), row.Column ?? string.Empty, row.Reason, row.Raw],
                cancellationToken).ConfigureAwait(false);
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
