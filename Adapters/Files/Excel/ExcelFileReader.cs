using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ExcelDataReader;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Csv;

namespace IntegrationHub.Adapters.Files.Excel;

/// <summary>
/// Reads an Excel export (.xlsx, or .xls from older ERPs) into the same chunks of source records as a CSV file: the
/// chosen sheet's first row names the columns, each later row is a record, and cell values become the text a CSV
/// export would hold (numbers invariant, dates as <c>yyyy-MM-dd HH:mm:ss</c>), so one mapping reads either.
/// </summary>
public static class ExcelFileReader
{
    static ExcelFileReader()
    {
        // .xls files carry text in legacy code pages (936 for Chinese Windows).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Whether <paramref name="fileName"/> is an Excel workbook this reader takes.</summary>
    public static bool Handles(string fileName) =>
        fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the sheet named by the binding (the first sheet when it names none) in chunks of at most <paramref name="batchSize"/> rows.</summary>
    /// <exception cref="UnreadableFileException">The workbook cannot be opened, has no such sheet, or its header row is unusable.</exception>
    public static async IAsyncEnumerable<FileChunk> ReadAsync(
        string path,
        FileSourceBinding binding,
        int batchSize,
        DateTimeOffset receivedAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await foreach (var chunk in ReadAsync(stream, Path.GetFileName(path), binding, batchSize, receivedAt, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>Reads an opened workbook (seekable, at its start); see <see cref="ReadAsync(string, FileSourceBinding, int, DateTimeOffset, CancellationToken)"/>.</summary>
    internal static async IAsyncEnumerable<FileChunk> ReadAsync(
        Stream stream,
        string fileName,
        FileSourceBinding binding,
        int batchSize,
        DateTimeOffset receivedAt,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = Open(stream, fileName);
        SelectSheet(reader, binding.Sheet, fileName);

        Dictionary<string, int>? header = null;
        var records = new List<SourceRecord>(batchSize);
        var row = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            row++;
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Text(reader.GetValue(i));
            }

            if (values.All(v => v.Length == 0))
            {
                continue;
            }

            if (header is null)
            {
                header = ReadHeader(fileName, values);
                continue;
            }

            records.Add(new SourceRecord(
                binding.Source,
                string.Create(CultureInfo.InvariantCulture, $"{fileName}:{reader.Name}:{row}"),
                new RowFields(header, values),
                receivedAt) { Raw = CsvLine.Join(values) });
            if (records.Count >= batchSize)
            {
                yield return new FileChunk(binding.Source, fileName, records, []);
                records = new List<SourceRecord>(batchSize);
            }
        }

        if (header is null)
        {
            throw new UnreadableFileException(fileName, $"sheet '{reader.Name}' is empty; its first row must name the columns");
        }

        if (records.Count > 0)
        {
            yield return new FileChunk(binding.Source, fileName, records, []);
        }
    }

    private static IExcelDataReader Open(Stream stream, string fileName)
    {
        try
        {
            return ExcelReaderFactory.CreateReader(stream);
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or NotSupportedException or IOException)
        {
            throw new UnreadableFileException(fileName, $"it is not an Excel workbook that can be read ({e.Message})");
        }
    }

    private static void SelectSheet(IExcelDataReader reader, string? sheet, string fileName)
    {
        if (sheet is null)
        {
            return;
        }

        var names = new List<string>();
        do
        {
            if (string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            names.Add(reader.Name);
        }
        while (reader.NextResult());

        throw new UnreadableFileException(fileName, $"it has no sheet named '{sheet}' (its sheets: {string.Join(", ", names)}); check 'file.sheet' in the mapping");
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static Dictionary<string, int> ReadHeader(string fileName, string[] names)
    {
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                continue; // Excel sheets often carry empty columns beside the table
            }

            if (!header.TryAdd(names[i], i))
            {
                throw new UnreadableFileException(fileName, $"the header names column '{names[i]}' twice (columns {header[names[i]] + 1} and {i + 1})");
            }
        }

        return header;
    }
}
