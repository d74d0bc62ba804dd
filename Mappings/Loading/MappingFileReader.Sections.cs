using System.Reflection;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Conversion;
using IntegrationHub.Mappings.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>The sections of a mapping file: <c>file</c>, <c>timestamp</c> and <c>fields</c>.</summary>
internal static partial class MappingFileReader
{
    private static FileSourceOptions? ReadFile(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, FileErrors errors, out Mark matchMark)
    {
        matchMark = Mark.Empty;
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
            matchMark = matchEntry.Value.Start;
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

        string? sheet = null;
        if (fileKeys.TryGetValue("sheet", out var sheetEntry) && errors.TryScalar(sheetEntry.Value, "'file.sheet'", out var sheetName))
        {
            if (sheetName.Trim().Length == 0)
            {
                errors.Add(sheetEntry.Value, "'file.sheet' is empty; name the Excel sheet to read, for example sheet: \"订单\", or leave it out to read the first sheet");
            }
            else
            {
                sheet = sheetName.Trim();
            }
        }

        return match is null ? null : new FileSourceOptions { Match = match, Encoding = encoding, Delimiter = delimiter, Sheet = sheet };
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
            if (schema?.Unsupported.FirstOrDefault(p => p.Name == name) is { } keptByTheHub
                && keptByTheHub.GetCustomAttribute<NotFromSourcesAttribute>() is { } notFromSources)
            {
                errors.Add(keyNode, $"{schema.Kind}.{name} is not filled from sources: {notFromSources.Reason}; remove it from fields");
            }
            else if (schema?.Unsupported.FirstOrDefault(p => p.Name == name) is { } unsupported)
            {
                errors.Add(keyNode, $"{schema.Kind}.{name} is of type {unsupported.PropertyType.Name}, which mappings cannot set yet; remove it from fields");
            }
            else if (schema is not null && !schema.MembersByName.TryGetValue(name, out member))
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
            foreach (var property in schema.Unsupported.Where(p => p.IsDefined(typeof(System.Runtime.CompilerServices.RequiredMemberAttribute), inherit: false)))
            {
                errors.Add(entry.Key, $"{schema.Kind} requires field '{property.Name}' of type {property.PropertyType.Name}, which mappings cannot set yet; {schema.Kind} cannot be a mapping target until the mapping engine supports that type");
            }

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
}
