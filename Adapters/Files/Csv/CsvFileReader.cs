using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Inbox;

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
        // A file named by IT (the mapping test command, the benchmark): the inbox's limits, not its link rules.
        var limits = new FileDropOptions();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var fileName = Path.GetFileName(path);
        var inspected = await FileInspector.InspectAsync(
            stream, fileName, binding.Encoding, limits.MaxFileBytes, limits.MaxRowBytes, cancellationToken).ConfigureAwait(false);
        await foreach (var chunk in ReadAsync(stream, fileName, inspected, binding, batchSize, receivedAt, limits.MaxRowBytes, cancellationToken)
            .ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// Reads an inspected file in chunks of at most <paramref name="batchSize"/> rows. A row on a line with bytes
    /// its encoding cannot decode is rejected, naming the line and the byte offset (issue 16, item 5).
    /// </summary>
    /// <exception cref="UnreadableFileException">
    /// The file has no usable header row, its header names none of the binding's columns, or a record is longer
    /// than <paramref name="maxRowBytes"/>.
    /// </exception>
    internal static async IAsyncEnumerable<FileChunk> ReadAsync(
        Stream stream,
        string fileName,
        InspectedFile inspected,
        FileSourceBinding binding,
        int batchSize,
        DateTimeOffset receivedAt,
        int maxRowBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var encoding = inspected.Encoding ?? throw new ArgumentException("The file was inspected as a binary file.", nameof(inspected));
        var rejected = new List<RejectedRow>();
        var options = new CsvReaderOptions
        {
            Separator = binding.Delimiter,
            HasHeader = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            // An unclosed quote must not make one record of the rest of the file (issue 16, item 1).
            MaxRecordSize = maxRowBytes,
            OnMalformedRecord = m => rejected.Add(new RejectedRow(
                fileName, checked((int)m.LineNumber), null, Describe(m.Reason), m.RawRecord.TrimEnd('\r', '\n'))),
        };

        using var text = new StreamReader(new BoundedReadStream(stream, inspected.Length), encoding, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(text, options, leaveOpen: true);
        var records = new List<SourceRecord>(batchSize);
        Dictionary<string, int>? header = null;

        while (await NextAsync(csv, fileName, maxRowBytes, cancellationToken).ConfigureAwait(false))
        {
            header ??= ReadHeader(fileName, csv.Headers, binding.Columns);
            var line = checked((int)csv.LineNumber);
            var values = csv.Current.ToArray();
            // The record's own text for the error report (issue 23 item 6): the reader hands it back as UTF-8, whatever
            // the file's encoding, so decoding it gives what the operator's export holds.
            var raw = Encoding.UTF8.GetString(csv.RawRecord);
            if (Undecodable(inspected, line, values) is { } bad)
            {
                rejected.Add(new RejectedRow(
                    fileName, line, null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"line {bad.Line} holds bytes that are not valid {encoding.WebName.ToUpperInvariant()} at byte offset {bad.Offset} ({bad.Bytes}); they are shown as U+FFFD"),
                    raw));
            }
            else
            {
                records.Add(new SourceRecord(
                    binding.Source,
                    string.Create(CultureInfo.InvariantCulture, $"{fileName}:{line}"),
                    new RowFields(header, values),
                    receivedAt) { Raw = raw });
            }

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
            ReadHeader(fileName, csv.Headers, binding.Columns);
        }

        if (records.Count + rejected.Count > 0)
        {
            yield return new FileChunk(binding.Source, fileName, records, [.. rejected]);
        }
    }

    private static async ValueTask<bool> NextAsync(CsvReader csv, string fileName, int maxRowBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await csv.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CsvFormatException e)
        {
            throw new UnreadableFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                $"the record starting at line {e.LineNumber} is longer than Hub:Files:MaxRowBytes ({maxRowBytes:N0} bytes) or cannot be read ({e.Message}); the rows before it were read"));
        }
    }

    // The lines a record spans: its first, and one more per line break inside its quoted fields.
    private static InvalidBytes? Undecodable(InspectedFile inspected, int line, string[] values)
    {
        if (inspected.InvalidLines.Count == 0)
        {
            return null;
        }

        var last = line + values.Sum(v => v.AsSpan().Count('\n'));
        for (var l = line; l <= last; l++)
        {
            if (inspected.InvalidLines.TryGetValue(l, out var bad))
            {
                return bad;
            }
        }

        return null;
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

    private static Dictionary<string, int> ReadHeader(string fileName, IReadOnlyList<string> names, IReadOnlyList<string>? expected)
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

        // A header that names none of the mapping's columns is not this source's export (random bytes, another
        // export under a matching name): refused whole instead of a dead letter per row (issue 16, item 6).
        if (expected is { Count: > 0 } && !expected.Any(header.ContainsKey))
        {
            throw new UnreadableFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                $"its first line names none of the columns the mapping reads ({Shorten(string.Join(", ", expected))}); found: {Shorten(string.Join(", ", header.Keys))}"));
        }

        return header;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
