using System.Collections.Frozen;
using System.IO.Enumeration;
using System.Text;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Mappings.Loading;

namespace IntegrationHub.Mappings;

/// <summary>
/// The mappings of all sources, loaded and validated together. See <c>Mappings/README.md</c> for the file format.
/// </summary>
public sealed class MappingCatalog
{
    /// <summary>The file-name patterns <see cref="LoadDirectory"/> reads.</summary>
    public static IReadOnlyList<string> FilePatterns { get; } = ["*.yaml", "*.yml"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    private readonly FrozenDictionary<string, SourceMapping> _bySource;

    private MappingCatalog(IReadOnlyList<SourceMapping> mappings)
    {
        Mappings = mappings;
        _bySource = mappings.ToFrozenDictionary(m => m.Source, StringComparer.Ordinal);
    }

    /// <summary>The mappings, in file order.</summary>
    public IReadOnlyList<SourceMapping> Mappings { get; }

    /// <summary>
    /// Loads every <c>*.yaml</c> and <c>*.yml</c> file of a folder (not its subfolders), in ordinal name order.
    /// A folder without mapping files gives a valid, empty catalog; a missing folder is an error.
    /// </summary>
    /// <param name="directory">The mappings folder.</param>
    /// <param name="readFile">
    /// Reads one file's bytes; the hub passes its guarded reader (regular files of the folder only, within a size
    /// limit), whose <see cref="IOException"/> becomes the file's error. <see cref="File.ReadAllBytes"/> when null.
    /// </param>
    public static MappingLoadResult LoadDirectory(string directory, Func<string, byte[]>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return new MappingLoadResult(null, [new MappingError(directory, 1, 1, $"the mappings folder '{Path.GetFullPath(directory)}' does not exist; create it or point the hub at the folder holding the *.yaml mapping files")]);
        }

        var files = FilePatterns
            .SelectMany(p => Directory.EnumerateFiles(directory, p, SearchOption.TopDirectoryOnly))
            .Where(f => FilePatterns.Any(p => f.EndsWith(p[1..], StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return Load(files, readFile);
    }

    /// <summary>
    /// Loads and validates the given mapping files together: every error of every file is reported (YAML
    /// syntax, unknown keys, targets and fields, formats, maps, time zones, duplicate source names), and the
    /// catalog is only given when there is none.
    /// </summary>
    /// <param name="files">The mapping files.</param>
    /// <param name="readFile">Reads one file's bytes (see <see cref="LoadDirectory"/>); <see cref="File.ReadAllBytes"/> when null.</param>
    public static MappingLoadResult Load(IEnumerable<string> files, Func<string, byte[]>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        readFile ??= File.ReadAllBytes;
        var errors = new List<MappingError>();
        var parsed = new List<ParsedMappingFile>();
        foreach (var file in files)
        {
            byte[] bytes;
            string text;
            try
            {
                bytes = readFile(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new MappingError(file, 1, 1, $"cannot read the file: {e.Message}"));
                continue;
            }

            try
            {
                text = ReadUtf8(bytes);
            }
            catch (DecoderFallbackException e)
            {
                // Notepad on a Chinese Windows saves as GBK by default; column names would then never match.
                var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
                errors.Add(new MappingError(file, line, 1, "the file is not UTF-8 (GBK or another code page?); save it as UTF-8"));
                continue;
            }

            parsed.Add(MappingFileReader.Read(file, text, errors));
        }

        ReportDuplicateSources(parsed, errors);
        ReportOverlappingFilePatterns(parsed, errors);
        var fileOrder = parsed.Select((p, i) => (p.File, i)).GroupBy(p => p.File).ToDictionary(g => g.Key, g => g.First().i);
        var ordered = errors
            .OrderBy(e => fileOrder.TryGetValue(e.File, out var i) ? i : -1)
            .ThenBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToList();
        return ordered.Count > 0
            ? new MappingLoadResult(null, ordered)
            : new MappingLoadResult(new MappingCatalog([.. parsed.Select(p => p.Mapping!)]), ordered);
    }

    /// <summary>The mapping of a source, or null when no file declares it.</summary>
    public SourceMapping? Find(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _bySource.GetValueOrDefault(source);
    }

    /// <summary>Maps a record with its source's mapping; a record of an unknown source is a failed record.</summary>
    public MappedRecord Map(SourceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Find(record.Source) is { } mapping
            ? mapping.Map(record)
            : MappedRecord.Failure([new FieldError(null, "source", $"no mapping declares source '{record.Source}' (sources: {string.Join(", ", Mappings.Select(m => m.Source))})")]);
    }

    private static string ReadUtf8(byte[] bytes)
    {
        var bom = bytes.AsSpan().StartsWith(Utf8.Preamble) ? Utf8.Preamble.Length : 0;
        return Utf8.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>
    /// A dropped file must belong to one source. Two patterns overlap when a name built from one (each <c>*</c>
    /// empty, each <c>?</c> a letter) also matches the other: <c>stock*.csv</c> and <c>stock_moves*.csv</c> both
    /// take <c>stock_moves.csv</c>. The test finds no false overlaps, though it may miss contrived ones.
    /// </summary>
    private static void ReportOverlappingFilePatterns(List<ParsedMappingFile> parsed, List<MappingError> errors)
    {
        var withFiles = parsed.Where(p => p.Match is not null && p.Source is not null).ToList();
        for (var j = 1; j < withFiles.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                var (first, later) = (withFiles[i], withFiles[j]);
                if (first.Source == later.Source)
                {
                    continue; // already a duplicate source
                }

                var sample = new[] { Sample(first.Match!), Sample(later.Match!) }.FirstOrDefault(name =>
                    FileSystemName.MatchesSimpleExpression(first.Match, name, ignoreCase: true)
                    && FileSystemName.MatchesSimpleExpression(later.Match, name, ignoreCase: true));
                if (sample is not null)
                {
                    errors.Add(new MappingError(later.File, (int)later.MatchMark.Line, (int)later.MatchMark.Column,
                        $"a file named '{sample}' matches both '{later.Match}' (source {later.Source}) and '{first.Match}' (source {first.Source}, {first.File}:{first.MatchMark.Line}:{first.MatchMark.Column}); a dropped file must belong to one source: make the patterns distinct, for example with a prefix that ends in '_'"));
                }
            }
        }

        static string Sample(string pattern) => pattern.Replace("*", string.Empty, StringComparison.Ordinal).Replace('?', 'x');
    }

    private static void ReportDuplicateSources(List<ParsedMappingFile> parsed, List<MappingError> errors)
    {
        foreach (var group in parsed.Where(p => p.Source is not null).GroupBy(p => p.Source!, StringComparer.Ordinal))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                errors.Add(new MappingError(duplicate.File, (int)duplicate.SourceMark.Line, (int)duplicate.SourceMark.Column,
                    $"source '{group.Key}' is already declared in {first.File}:{first.SourceMark.Line}:{first.SourceMark.Column}; each source has one mapping file: rename the source in {duplicate.File} or remove one of the two files"));
            }
        }
    }
}
