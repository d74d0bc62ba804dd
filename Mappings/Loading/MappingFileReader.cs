using System.Text.RegularExpressions;
using IntegrationHub.Crm.Core.Changes;
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
        ["source", "target", "description", "file", "timeZone", "timestamp", "fields", "targets"];

    private static readonly IReadOnlyList<string> FileKeys = ["match", "encoding", "delimiter", "sheet"];

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

        var before = errors.Count;
        var keys = errors.ReadKeys(top, "the mapping", TopLevelKeys);
        var source = ReadSource(keys, top, errors, out var sourceMark);
        var zone = ReadTimeZone(keys, errors);
        var file = ReadFile(keys, errors, out var matchMark);
        var timestamp = ReadTimestamp(keys, errors, zone);
        if (keys.TryGetValue("description", out var description))
        {
            errors.TryScalar(description.Value, "'description'", out _);
        }

        var targets = keys.ContainsKey("targets") ? ReadTargets(keys, errors, zone) : ReadSingleTarget(keys, top, errors, zone);
        var mapping = errors.Count == before && source is not null && targets is { Count: > 0 }
            ? new SourceMapping(source, path, targets, zone, file, timestamp)
            : null;
        return new ParsedMappingFile(path, source, sourceMark, mapping) { Match = file?.Match, MatchMark = matchMark };
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

    /// <summary>The usual form: one <c>target</c> and its <c>fields</c> at the top level.</summary>
    private static List<MappingTarget>? ReadSingleTarget(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlMappingNode top, FileErrors errors, TimeZoneInfo zone)
    {
        var schema = ReadTarget(keys, top, errors);
        var bindings = ReadFields(keys, top, errors, schema, zone);
        return schema is null ? null : [new MappingTarget(schema, bindings)];
    }

    private static TargetSchema? ReadTarget(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, YamlMappingNode top, FileErrors errors)
    {
        var names = TargetSchema.Kinds.Select(k => k.ToString()).ToArray();
        if (!keys.TryGetValue("target", out var entry))
        {
            errors.Add(top, $"'target' is missing; add the canonical entity the records become, one of {string.Join(", ", names)}");
            return null;
        }

        if (!errors.TryScalar(entry.Value, "'target'", out var name))
        {
            return null;
        }

        if (!names.Contains(name, StringComparer.Ordinal) || !Enum.TryParse<EntityKind>(name, out var kind)
            || TargetSchema.TryFor(kind) is not { } schema)
        {
            errors.Add(entry.Value, $"unknown target '{name}'{Suggestions.DidYouMean(name, names)} (targets: {string.Join(", ", names)})");
            return null;
        }

        return schema;
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

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceName();
}
