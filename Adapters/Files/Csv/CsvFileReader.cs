using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Files.Csv;

/// <summary>
/// Reads a CSV export into chunks of source records. A row that does not parse (bad quoting, a field count that
/// differs from the header) is rejected with its line and raw text; the rows around it go on.
/// </summary>
public static class CsvFileReader
{
    /// <summary>Reads <paramref name="path"/> in chunks of at most <paramref name="batchSize"/> rows.</summary>
    /// <exception cref="UnreadableFileException">The file has no usable header row.</exception>
    public static async IAsyncEnumerable<FileChunk> ReadAsync(
        string path,
        FileSourceBinding binding,
        int batchSize,
        DateTimeOffset receivedAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var encoding = TextEncodingDetector.Resolve(binding.Encoding)
            ?? await TextEncodingDetector.DetectAsync(path, cancellationToken).ConfigureAwait(false);

        var rejected = new List<RejectedRow>();
        var options = new CsvReaderOptions
        {
            Separator = binding.Delimiter,
            HasHeader = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = m => rejected.Add(new RejectedRow(
                fileName, checked((int)m.LineNumber), null, Describe(m.Reason), m.RawRecord.TrimEnd('\r', '\n'))),
        };

        using var text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(text, options, leaveOpen: false);
        var records = new List<SourceRecord>(batchSize);
        Dictionary<string, int>? header = null;

        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            header ??= ReadHeader(fileName, csv.Headers);
            var line = checked((int)csv.LineNumber);
            records.Add(new SourceRecord(
                binding.Source,
                string.Create(CultureInfo.InvariantCulture, $"{fileName}:{line}"),
                new RowFields(header, csv.Current.ToArray()),
                receivedAt));

            if (records.Count + rejected.Count >= batchSize)
            {
                yield return new FileChunk(binding.Source, fileName, records, [.. rejected]);
                records = new List<SourceRecord>(batchSize);
                rejected.Clear();
            }
        }

        if (header is null && csv.Headers.Count == 0)
        {
            throw new UnreadableFileException(fileName, "the file is empty; the first line must name the columns");
        }

        if (header is null)
        {
            // A file with a header and no rows: its header is still checked, so a wrong export is reported.
            ReadHeader(fileName, csv.Headers);
        }

        if (records.Count + rejected.Count > 0)
        {
            yield return new FileChunk(binding.Source, fileName, records, [.. rejected]);
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "the row has a different number of fields than the header",
        CsvMalformedReason.StrayQuote => "malformed CSV: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "malformed CSV: text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "malformed CSV: a quoted field is never closed",
        CsvMalformedReason.LineBreakInQuotes => "malformed CSV: a line break inside quotes",
        CsvMalformedReason.TrailingEscape => "malformed CSV: an escape character at the end of the row",
        _ => $"malformed CSV ({reason})",
    };

    private static Dictionary<string, int> ReadHeader(string fileName, IReadOnlyList<string> names)
    {
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim().TrimStart('\uFEFF');
            if (name.Length == 0)
            {
                throw new UnreadableFileException(fileName, $"column {i + 1} of the header row has no name");
            }

            if (!header.TryAdd(name, i))
            {
                throw new UnreadableFileException(fileName, $"the header names column '{name}' twice (columns {header[name] + 1} and {i + 1})");
            }
        }

        return header;
    }
}
