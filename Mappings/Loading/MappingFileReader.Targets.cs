using IntegrationHub.Crm.Core.Changes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>
/// The <c>targets</c> form of a mapping file (issue 23 item 5): a flat export whose every row holds an order's header
/// columns and one of its lines becomes several canonical entities, one per listed target.
/// </summary>
internal static partial class MappingFileReader
{
    private static readonly IReadOnlyList<string> TargetKeys = ["target", "fields"];

    private const string TargetsExample = "- target: SalesOrder, with its fields: { OrderNo: 单据编号, ... }";

    private static List<MappingTarget>? ReadTargets(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, FileErrors errors, TimeZoneInfo zone)
    {
        var entry = keys["targets"];
        if (keys.TryGetValue("target", out var single))
        {
            errors.Add(single.Key, "'target' and 'targets' are both given; a mapping has either one 'target' with 'fields', or a 'targets' list whose entries each have a 'target' and its 'fields': move this target into the list");
        }

        if (!errors.TrySequence(entry.Value, "'targets'", TargetsExample, out var list))
        {
            return null;
        }

        if (list.Children.Count == 0)
        {
            errors.Add(entry.Value, $"'targets' is empty; list the entities each row becomes ({TargetsExample})");
            return null;
        }

        var targets = new List<MappingTarget>();
        var fieldsOf = new List<(string Where, EntityKind? Kind, HashSet<string> Fields)>();
        var firstOfKind = new Dictionary<EntityKind, (string Where, Mark Mark)>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var where = $"targets[{i}]";
            if (!errors.TryMapping(list.Children[i], $"'{where}'", out var section))
            {
                continue;
            }

            var before = errors.Count;
            var targetKeys = errors.ReadKeys(section, $"'{where}'", TargetKeys);
            var schema = ReadTarget(targetKeys, section, errors);
            if (schema is not null && !firstOfKind.TryAdd(schema.Kind, (where, targetKeys["target"].Value.Start)))
            {
                var first = firstOfKind[schema.Kind];
                errors.Add(targetKeys["target"].Value,
                    $"{where}: {schema.Kind} is already {first.Where} (line {first.Mark.Line}); a row makes one change per kind of entity: merge the two field lists into one target");
            }

            var bindings = ReadFields(targetKeys, section, errors, schema, zone);
            fieldsOf.Add((where, schema?.Kind, [.. FieldNames(targetKeys)]));
            if (schema is not null && errors.Count == before)
            {
                targets.Add(new MappingTarget(schema, bindings));
            }
        }

        ReportTopLevelFields(keys, errors, fieldsOf);
        return targets.Count == list.Children.Count ? targets : null;
    }

    private static IEnumerable<string> FieldNames(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys) =>
        keys.TryGetValue("fields", out var fields) && fields.Value is YamlMappingNode mapping
            ? mapping.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).OfType<string>()
            : [];

    /// <summary>
    /// With <c>targets</c>, a top-level <c>fields</c> would be ambiguous (which entity does it fill?), so every field it
    /// holds is an error naming the target that also has it, if one does.
    /// </summary>
    private static void ReportTopLevelFields(
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, FileErrors errors,
        List<(string Where, EntityKind? Kind, HashSet<string> Fields)> fieldsOf)
    {
        if (!keys.TryGetValue("fields", out var top))
        {
            return;
        }

        if (top.Value is not YamlMappingNode { Children.Count: > 0 } mapping)
        {
            errors.Add(top.Key, "'fields' and 'targets' are both given; with 'targets' each target lists its own fields: remove the top-level 'fields'");
            return;
        }

        foreach (var key in mapping.Children.Keys.OfType<YamlScalarNode>())
        {
            var name = key.Value ?? string.Empty;
            var also = fieldsOf.FirstOrDefault(t => t.Fields.Contains(name));
            errors.Add(key, also.Where is null
                ? $"field '{name}' is in the top-level 'fields', which a mapping with 'targets' does not read: move it under the 'fields' of the target it belongs to"
                : $"field '{name}' is both in the top-level 'fields' and in {also.Where} ({also.Kind?.ToString() ?? "unknown target"}); with 'targets' each field belongs to its target: remove it from the top-level 'fields'");
        }
    }
}
