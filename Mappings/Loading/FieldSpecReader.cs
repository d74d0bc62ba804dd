using System.Reflection;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Schema;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>
/// Reads one entry of <c>fields:</c> (<c>OrderDate: { column: 订单日期, format: "yyyy/MM/dd" }</c>), checks it
/// against the target field's type and builds its binding. Every problem is reported; none stops the others.
/// </summary>
internal sealed partial class FieldSpecReader(FileErrors errors, TimeZoneInfo zone)
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "column", "value", "format", "formats", "map", "default", "required", "trim", "type", "thousands",
        "decimal", "trueValues", "falseValues", "nullValues", "optional", "maxLength",
    ];

    private static readonly MethodInfo BuildTypedMethod =
        typeof(FieldSpecReader).GetMethod(nameof(BuildTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>
    /// Reads the spec of <paramref name="fieldName"/>. With a null <paramref name="member"/> (unknown target or
    /// field, already reported) the spec is still checked for unknown keys, and null is returned.
    /// </summary>
    public FieldBinding? Read(string fieldName, YamlNode specNode, TargetMember? member)
    {
        var before = errors.Count;
        var spec = ReadSpec(fieldName, specNode);
        if (spec is null || member is null)
        {
            return null;
        }

        CheckShape(spec, member);
        var converter = SourceConverter(spec, member);
        var binding = (FieldBinding?)BuildTypedMethod.MakeGenericMethod(member.ValueType)
            .Invoke(this, [spec, member, converter]);
        return errors.Count == before ? binding : null;
    }

    private FieldSpec? ReadSpec(string fieldName, YamlNode node)
    {
        if (node is YamlScalarNode scalar)
        {
            // Shorthand: `OrderNo: 订单编号` reads the field from that column.
            return new FieldSpec(fieldName, node) { Column = scalar };
        }

        if (!errors.TryMapping(node, $"field '{fieldName}'", out var mapping))
        {
            return null;
        }

        var keys = errors.ReadKeys(mapping, $"field '{fieldName}'", Keys);
        return new FieldSpec(fieldName, node)
        {
            Column = Scalar(keys, "column", fieldName),
            Value = Scalar(keys, "value", fieldName),
            Format = Scalar(keys, "format", fieldName),
            Formats = Node(keys, "formats"),
            Map = Node(keys, "map"),
            Default = Scalar(keys, "default", fieldName),
            Required = Scalar(keys, "required", fieldName),
            Trim = Scalar(keys, "trim", fieldName),
            Type = Scalar(keys, "type", fieldName),
            Thousands = Scalar(keys, "thousands", fieldName),
            Decimal = Scalar(keys, "decimal", fieldName),
            TrueValues = Node(keys, "trueValues"),
            FalseValues = Node(keys, "falseValues"),
            NullValues = Node(keys, "nullValues"),
            Optional = Scalar(keys, "optional", fieldName),
            MaxLength = Scalar(keys, "maxLength", fieldName),
        };
    }

    private YamlScalarNode? Scalar(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, string key, string field)
    {
        if (!keys.TryGetValue(key, out var entry))
        {
            return null;
        }

        return errors.TryScalar(entry.Value, $"'{key}' of field '{field}'", out _) ? (YamlScalarNode)entry.Value : null;
    }

    private static YamlNode? Node(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> keys, string key) =>
        keys.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>Checks the combinations of keys, and that each key suits the field's type.</summary>
    private void CheckShape(FieldSpec spec, TargetMember member)
    {
        var name = spec.Name;
        if (spec.Column is null && spec.Value is null)
        {
            errors.Add(spec.Node, $"field '{name}' needs 'column' (the source column to read) or 'value' (a constant)");
        }

        if (spec.Column is not null && spec.Value is not null)
        {
            errors.Add(spec.Value, $"field '{name}' has both 'column' and 'value'; keep 'column' to read the source, or 'value' for a constant");
        }

        if (spec.Column is { Value.Length: 0 })
        {
            errors.Add(spec.Column, $"'column' of field '{name}' is empty; write the source column's header");
        }

        if (spec.Value is not null)
        {
            foreach (var (node, key) in new (YamlNode?, string)[]
            {
                (spec.Map, "map"), (spec.Default, "default"), (spec.Format, "format"), (spec.Formats, "formats"),
                (spec.NullValues, "nullValues"), (spec.Optional, "optional"),
            })
            {
                if (node is not null)
                {
                    errors.Add(node, $"'{key}' does not apply to field '{name}', which has a constant 'value'; remove '{key}'");
                }
            }
        }

        if (spec.Type is { Value: { } type } && !TypeMatches(type, member))
        {
            errors.Add(spec.Type, $"field '{name}' is {member.TypeName}, not '{type}'; remove 'type' or write '{ExpectedTypeName(member)}'");
        }

        NotFor(spec.Format ?? spec.Formats, "format", member.Kind != ValueKind.DateTime, name, member);
        NotFor(spec.Format is not null ? spec.Formats : null, "formats", spec.Format is not null, name, member, "use either 'format' or 'formats'");
        NotFor(spec.Thousands, "thousands", member.Kind is not (ValueKind.Int or ValueKind.Decimal), name, member);
        NotFor(spec.Decimal, "decimal", member.Kind != ValueKind.Decimal, name, member);
        NotFor(spec.MaxLength, "maxLength", member.Kind != ValueKind.String, name, member);
        NotFor(spec.TrueValues, "trueValues", member.Kind != ValueKind.Bool, name, member);
        NotFor(spec.FalseValues, "falseValues", member.Kind != ValueKind.Bool, name, member);
        if (spec.Map is not null)
        {
            foreach (var (node, key) in new (YamlNode?, string)[]
            {
                (spec.Format ?? spec.Formats, "format"), (spec.Thousands, "thousands"), (spec.Decimal, "decimal"),
                (spec.TrueValues, "trueValues"), (spec.FalseValues, "falseValues"),
            })
            {
                if (node is not null)
                {
                    errors.Add(node, $"field '{name}' has a 'map', which replaces conversion; remove '{key}'");
                }
            }
        }
    }

    private void NotFor(YamlNode? node, string key, bool misplaced, string field, TargetMember member, string? fix = null)
    {
        if (node is not null && misplaced)
        {
            errors.Add(node, fix is null
                ? $"'{key}' does not apply to field '{field}', which is {member.TypeName}; remove it"
                : $"field '{field}': {fix}");
        }
    }

    private static bool TypeMatches(string type, TargetMember member) =>
        string.Equals(type.TrimEnd('?'), ExpectedTypeName(member), StringComparison.OrdinalIgnoreCase)
        || (member.Kind == ValueKind.Enum && string.Equals(type, "enum", StringComparison.OrdinalIgnoreCase))
        || (member.Kind == ValueKind.DateTime && string.Equals(type, "datetime", StringComparison.OrdinalIgnoreCase));

    private static string ExpectedTypeName(TargetMember member) => member.TypeName.TrimEnd('?');
}
