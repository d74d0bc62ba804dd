using System.Text.RegularExpressions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Conversion;
using IntegrationHub.Mappings.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>
/// Reads one mapping file through YamlDotNet's representation model, which keeps every node's line and
/// column, and checks it against the target's schema. All errors of the file are reported.
/// </summary>
internal static partial class MappingFileReader
{
    public static readonly IReadOnlyList<string> TopLevelKeys =
        ["source", "target", "description", "file", "timeZone", "timestamp", "fields"];

    private static readonly IReadOnlyList<string> FileKeys = ["match", "encoding", "delimiter"];

    private static readonly IReadOnlyList<string> TimestampKeys = ["column", "format", "formats"];

    public static ParsedMappingFile Read(string path, string text, List<MappingError> errorList)
    {
        var errors = new FileErrors(path, errorList);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // The parser's message says what it met ("While scanning a quoted scalar, found unexpected end of stream").
            if (FirstTabIndent(text) is { } tab)
            {
                // YamlDotNet places this one at the start of the enclosing mapping; point at the tab itself.
                errors.Add(tab, "YAML syntax error: a tab indents this line; YAML allows only spaces for indentation");
            }
            else
            {
                errors.Add(e.Start, $"YAML syntax error: {e.Message}");
            }

            return new ParsedMappingFile(path, null, Mark.Empty, null);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet 16 throws this, without a position, for some unclosed flow collections ("a: [b").
            errors.Add(Mark.Empty, $"YAML syntax error: the file could not be parsed ({e.Message}); check for an unclosed '[', '{{' or quote");
            return new ParsedMappingFile(path, null, Mark.Empty, null);
        }

        if (stream.Documents.Count != 1)
        {
            errors.Add(Mark.Empty, stream.Documents.Count == 0
                ? "the file is empty; a mapping file needs source, target and fields"
                : "the file holds several YAML documents; write one mapping per file");
            return new ParsedMappingFile(path, null, Mark.Empty, null);
        }

        var root = stream.Documents[0].RootNode;
        if (!errors.TryMapping(root, "a mapping file", out var top))
        {
            return new ParsedMappingFile(path, null, Mark.Empty, null);
        }

        var keys = errors.ReadKeys(top, "the mapping", TopLevelKeys);
        var before = errors.Count;
        var source = ReadSource(keys, top, errors, out var sourceMark);
        var schema = ReadTarget(keys, top, errors);
        var zone = ReadTimeZone(keys, errors);
        var file = ReadFile(keys, errors);
        var timestamp = ReadTimestamp(keys, errors, zone);
        if (keys.TryGetValue("description", out var description))
        {
            errors.TryScalar(description.Value, "'description'", out _);
        }

        var bindings = ReadFields(keys, top, errors, schema, zone);
        var mapping = errors.Count == before && source is not null && schema is not null
            ? new SourceMapping(source, path, schema, zone, file, bindings, timestamp)
            : null;
        return new ParsedMappingFile(path, source, sourceMark, mapping);
    }

    private static string? ReadSource(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlMappingNode top, FileErrors errors, out Mark mark)
    {
        mark = Mark.Empty;
        if (!keys.TryGetValue("source", out var entry))
        {
            errors.Add(top, "'source' is missing; add the source's name, for example 'source: erp-orders'");
            return null;
        }

        mark = entry.Value.Start;
        if (!errors.TryScalar(entry.Value, "'source'", out var name))
        {
            return null;
        }

        if (!SourceName().IsMatch(name))
        {
            errors.Add(entry.Value, $"source name '{name}' must be letters, digits, '.', '_' or '-', starting with a letter or digit, for example erp-orders");
            return null;
        }

        return name;
    }

    private static TargetSchema? ReadTarget(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlMappingNode top, FileErrors errors)
    {
        var names = Enum.GetNames<EntityKind>();
        if (!keys.TryGetValue("target", out var entry))
        {
            errors.Add(top, $"'target' is missing; add the canonical entity the records become, one of {string.Join(", ", names)}");
            return null;
        }

        if (!errors.TryScalar(entry.Value, "'target'", out var name))
        {
            return null;
        }

        if (!names.Contains(name, StringComparer.Ordinal) || !Enum.TryParse<EntityKind>(name, out var kind))
        {
            errors.Add(entry.Value, $"unknown target '{name}'{Suggestions.DidYouMean(name, names)} (targets: {string.Join(", ", names)})");
            return null;
        }

        return TargetSchema.For(kind);
    }

    private static TimeZoneInfo ReadTimeZone(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, FileErrors errors)
    {
        if (!keys.TryGetValue("timeZone", out var entry) || !errors.TryScalar(entry.Value, "'timeZone'", out var id))
        {
            return TimeZoneInfo.Utc;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        var suggestion = Suggestions.DidYouMean(id, TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id));
        errors.Add(entry.Value, $"unknown time zone '{id}'{suggestion}; write an IANA zone id such as Asia/Shanghai, or UTC");
        return TimeZoneInfo.Utc;
    }

    private static FileSourceOptions? ReadFile(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, FileErrors errors)
    {
        if (!keys.TryGetValue("file", out var entry) || !errors.TryMapping(entry.Value, "'file'", out var section))
        {
            return null;
        }

        var fileKeys = errors.ReadKeys(section, "'file'", FileKeys);
        string? match = null;
        if (!fileKeys.TryGetValue("match", out var matchEntry))
        {
            errors.Add(entry.Value, "'file' has no 'match'; add the pattern of the source's file names, for example match: \"orders*.csv\"");
        }
        else if (errors.TryScalar(matchEntry.Value, "'file.match'", out var pattern))
        {
            if (pattern.Length == 0 || pattern.IndexOfAny(['/', '\\']) >= 0)
            {
                errors.Add(matchEntry.Value, $"'file.match' is '{pattern}'; write a file-name pattern without folders, for example \"orders*.csv\"");
            }
            else
            {
                match = pattern;
            }
        }

        var encoding = "auto";
        if (fileKeys.TryGetValue("encoding", out var encodingEntry) && errors.TryScalar(encodingEntry.Value, "'file.encoding'", out var name))
        {
            var known = FileSourceOptions.KnownEncodings.FirstOrDefault(e => string.Equals(e, name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                var hint = string.Equals(name, "gbk", StringComparison.OrdinalIgnoreCase) ? "; GBK files are read as gb18030, its superset" : Suggestions.DidYouMean(name, FileSourceOptions.KnownEncodings);
                errors.Add(encodingEntry.Value, $"unknown encoding '{name}'{hint} (encodings: {string.Join(", ", FileSourceOptions.KnownEncodings)})");
            }
            else
            {
                encoding = known;
            }
        }

        var delimiter = ',';
        if (fileKeys.TryGetValue("delimiter", out var delimiterEntry) && errors.TryScalar(delimiterEntry.Value, "'file.delimiter'", out var text))
        {
            if (text.Length != 1 || text[0] is '"' or '\r' or '\n')
            {
                errors.Add(delimiterEntry.Value, $"'file.delimiter' is '{text}'; write one character other than a quote or line break, for example \",\", \";\" or \"\\t\"");
            }
            else
            {
                delimiter = text[0];
            }
        }

        return match is null ? null : new FileSourceOptions { Match = match, Encoding = encoding, Delimiter = delimiter };
    }

    private static TimestampBinding? ReadTimestamp(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, FileErrors errors, TimeZoneInfo zone)
    {
        if (!keys.TryGetValue("timestamp", out var entry))
        {
            return null;
        }

        var reader = new FieldSpecReader(errors, zone);
        if (entry.Value is YamlScalarNode { Value: { Length: > 0 } shorthand })
        {
            return new TimestampBinding(shorthand, new DateConverter(reader.ReadDateFormats(null, null, "timestamp"), zone));
        }

        if (!errors.TryMapping(entry.Value, "'timestamp'", out var section))
        {
            return null;
        }

        var timestampKeys = errors.ReadKeys(section, "'timestamp'", TimestampKeys);
        string? column = null;
        if (!timestampKeys.TryGetValue("column", out var columnEntry))
        {
            errors.Add(entry.Value, "'timestamp' has no 'column'; add the source column holding the record's modification time");
        }
        else if (errors.TryScalar(columnEntry.Value, "'timestamp.column'", out var name) && name.Length > 0)
        {
            column = name;
        }
        else
        {
            errors.Add(columnEntry.Value, "'timestamp.column' is empty; write the source column holding the record's modification time");
        }

        timestampKeys.TryGetValue("format", out var format);
        timestampKeys.TryGetValue("formats", out var formats);
        if (format.Value is not null && formats.Value is not null)
        {
            errors.Add(formats.Value, "'timestamp': use either 'format' or 'formats'");
        }

        YamlScalarNode? formatNode = null;
        if (format.Value is not null && errors.TryScalar(format.Value, "'timestamp.format'", out _))
        {
            formatNode = (YamlScalarNode)format.Value;
        }

        var converter = new DateConverter(reader.ReadDateFormats(formatNode, formatNode is null ? formats.Value : null, "timestamp"), zone);
        return column is null ? null : new TimestampBinding(column, converter);
    }

    private static List<FieldBinding> ReadFields(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlMappingNode top, FileErrors errors,
        TargetSchema? schema, TimeZoneInfo zone)
    {
        var bindings = new List<FieldBinding>();
        if (!keys.TryGetValue("fields", out var entry))
        {
            errors.Add(top, "'fields' is missing; add the target fields and the columns they come from, for example fields: { OrderNo: { column: 订单编号 } }");
            return bindings;
        }

        if (!errors.TryMapping(entry.Value, "'fields'", out var fields))
        {
            return bindings;
        }

        var reader = new FieldSpecReader(errors, zone);
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, specNode) in fields.Children)
        {
            if (!errors.TryScalar(keyNode, "a field name", out var name))
            {
                continue;
            }

            TargetMember? member = null;
            if (schema is not null && !schema.MembersByName.TryGetValue(name, out member))
            {
                var known = schema.Members.Select(m => m.Name).ToList();
                errors.Add(keyNode, $"{schema.Kind} has no field '{name}'{Suggestions.DidYouMean(name, known)} (fields: {string.Join(", ", known)})");
            }

            mapped.Add(name);
            if (reader.Read(name, specNode, member) is { } binding)
            {
                bindings.Add(binding);
            }
        }

        if (schema is not null)
        {
            foreach (var member in schema.Members.Where(m => m.IsRequired && !mapped.Contains(m.Name)))
            {
                errors.Add(entry.Key, $"{schema.Kind} requires field '{member.Name}' ({member.TypeName}), which is not mapped; add '{member.Name}: {{ column: <source column> }}' or '{member.Name}: {{ value: <constant> }}' under fields");
            }
        }

        return bindings;
    }

    private static Mark? FirstTabIndent(string text)
    {
        var line = 1;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            for (var i = start; i < end && text[i] is ' ' or '\t'; i++)
            {
                if (text[i] == '\t')
                {
                    return new Mark(0, line, i - start + 1);
                }
            }

            start = end + 1;
            line++;
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceName();
}
