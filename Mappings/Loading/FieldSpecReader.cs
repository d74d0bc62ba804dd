using System.Reflection;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Conversion;
using IntegrationHub.Mappings.Schema;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>
/// Reads one entry of <c>fields:</c> (<c>OrderDate: { column: 订单日期, format: "yyyy/MM/dd" }</c>), checks it
/// against the target field's type and builds its binding. Every problem is reported; none stops the others.
/// </summary>
internal sealed class FieldSpecReader(FileErrors errors, TimeZoneInfo zone)
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "column", "value", "format", "formats", "map", "default", "required", "trim", "type", "thousands",
        "decimal", "trueValues", "falseValues",
    ];

    private static readonly MethodInfo BuildTypedMethod =
        typeof(FieldSpecReader).GetMethod(nameof(BuildTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>
    /// Reads the spec of <paramref name="fieldName"/>. With a null <paramref name="member"/> (unknown target or
    /// field, already reported) the spec is still checked for unknown keys and shape, and null is returned.
    /// </summary>
    public FieldBinding? Read(string fieldName, YamlNode specNode, TargetMember? member)
    {
        var spec = ReadSpec(fieldName, specNode);
        if (spec is null || member is null)
        {
            return null;
        }

        var before = errors.Count;
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

    /// <summary>The converter of the column's text, from the spec's format keys (a map is applied later).</summary>
    private object SourceConverter(FieldSpec spec, TargetMember member) => member.Kind switch
    {
        ValueKind.String => StringConverter.Instance,
        ValueKind.Int => new IntConverter(ReadNumberFormat(spec)),
        ValueKind.Decimal => new DecimalConverter(ReadNumberFormat(spec)),
        ValueKind.Bool => ReadBoolConverter(spec),
        ValueKind.DateTime => new DateConverter(ReadDateFormats(spec.Format, spec.Formats, spec.Name), zone),
        _ => CanonicalConverter(member),
    };

    /// <summary>
    /// The converter of canonical values written in the mapping itself (<c>default</c>, <c>value</c>, the right
    /// side of <c>map</c>): enum member names, invariant numbers, true/false, ISO 8601 dates.
    /// </summary>
    private object CanonicalConverter(TargetMember member) => member.Kind switch
    {
        ValueKind.String => StringConverter.Instance,
        ValueKind.Int => new IntConverter(NumberFormat.Invariant),
        ValueKind.Decimal => new DecimalConverter(NumberFormat.Invariant),
        ValueKind.Bool => BoolConverter.Default,
        ValueKind.DateTime => new DateConverter([IsoDateFormat.Instance], zone),
        _ => typeof(EnumConverter<>).MakeGenericType(member.ValueType)
            .GetProperty(nameof(EnumConverter<ValueKind>.Instance))!.GetValue(null)!,
    };

    private NumberFormat ReadNumberFormat(FieldSpec spec)
    {
        var decimalMark = spec.Decimal?.Value ?? ".";
        var thousands = spec.Thousands?.Value;
        if (decimalMark.Length == 0 || decimalMark.Any(char.IsDigit))
        {
            errors.Add(spec.Decimal!, $"'decimal' of field '{spec.Name}' must be the decimal mark, such as \".\" or \",\"");
            decimalMark = ".";
        }

        if (thousands is { Length: > 0 } && (thousands == decimalMark || thousands.Any(char.IsDigit)))
        {
            errors.Add(spec.Thousands!, $"'thousands' of field '{spec.Name}' is '{thousands}', which cannot be a thousands separator with decimal mark '{decimalMark}'; write for example thousands: \",\" with decimal: \".\"");
            thousands = null;
        }

        return new NumberFormat(decimalMark, thousands);
    }

    private BoolConverter ReadBoolConverter(FieldSpec spec)
    {
        if (spec.TrueValues is null && spec.FalseValues is null)
        {
            return BoolConverter.Default;
        }

        var trueValues = ReadWords(spec.TrueValues, "trueValues", spec.Name) ?? BoolConverter.DefaultTrueValues;
        var falseValues = ReadWords(spec.FalseValues, "falseValues", spec.Name) ?? BoolConverter.DefaultFalseValues;
        var both = trueValues.Intersect(falseValues, StringComparer.OrdinalIgnoreCase).ToList();
        if (both.Count > 0)
        {
            errors.Add((spec.FalseValues ?? spec.TrueValues)!, $"field '{spec.Name}': {string.Join(", ", both.Select(w => $"'{w}'"))} is both a true and a false value; list each word once");
        }

        return new BoolConverter(trueValues, falseValues);
    }

    private List<string>? ReadWords(YamlNode? node, string key, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add(node, $"'{key}' of field '{field}' must be a list of words, for example [Y, 1, 是]");
            return null;
        }

        var words = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (errors.TryScalar(item, $"an entry of '{key}'", out var word))
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>Reads <c>format</c> or <c>formats</c>; neither means ISO 8601.</summary>
    internal List<DateFormat> ReadDateFormats(YamlScalarNode? format, YamlNode? formats, string field)
    {
        var nodes = new List<YamlNode>();
        if (format is not null)
        {
            nodes.Add(format);
        }
        else if (formats is YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            nodes.AddRange(sequence.Children);
        }
        else if (formats is not null)
        {
            errors.Add(formats, $"'formats' of {field} must be a list, for example [\"yyyyMMdd\", \"excel-serial\"]");
        }

        var result = new List<DateFormat>();
        foreach (var node in nodes)
        {
            if (!errors.TryScalar(node, $"a date format of {field}", out var text))
            {
                continue;
            }

            if (text == ExcelSerialDateFormat.Keyword)
            {
                result.Add(ExcelSerialDateFormat.Instance);
            }
            else if (text == IsoDateFormat.Keyword)
            {
                result.Add(IsoDateFormat.Instance);
            }
            else if (text.Length == 0)
            {
                errors.Add(node, $"a date format of {field} is empty; write one such as yyyy-MM-dd, or excel-serial, or iso");
            }
            else if (PatternDateFormat.TryCreate(text, out var pattern, out var error))
            {
                result.Add(pattern!);
            }
            else
            {
                errors.Add(node, $"{field}: {error}");
            }
        }

        return result.Count > 0 ? result : [IsoDateFormat.Instance];
    }

    private FieldBinding? BuildTyped<T>(FieldSpec spec, TargetMember member, object sourceConverter)
    {
        var canonical = (ValueConverter<T>)CanonicalConverter(member);
        var setter = member.GetSetter<T>();
        if (spec.Value is { } valueNode)
        {
            return TryCanonical(canonical, valueNode, spec, member, "value", out var constant)
                ? FieldBinding<T>.Constant(spec.Name, setter, constant)
                : null;
        }

        var converter = (ValueConverter<T>)sourceConverter;
        if (spec.Map is { } mapNode)
        {
            converter = ReadMap(mapNode, canonical, spec, member) ?? converter;
        }

        var hasDefault = false;
        T defaultValue = default!;
        if (spec.Default is { } defaultNode)
        {
            hasDefault = TryCanonical(canonical, defaultNode, spec, member, "default", out defaultValue);
        }

        var required = member.IsRequired && spec.Default is null;
        if (spec.Required is { } requiredNode && errors.TryBool(requiredNode, $"'required' of field '{spec.Name}'", out var asked))
        {
            if (!asked && required)
            {
                errors.Add(requiredNode, $"field '{spec.Name}' is required by {member.Property.DeclaringType!.Name}; remove 'required: false', or give a 'default' for empty values");
            }

            required |= asked;
        }

        var trim = true;
        if (spec.Trim is { } trimNode && errors.TryBool(trimNode, $"'trim' of field '{spec.Name}'", out var keepTrim))
        {
            trim = keepTrim;
        }

        return spec.Column is { Value: { } column }
            ? FieldBinding<T>.FromColumn(spec.Name, column, setter, converter, hasDefault, defaultValue, required, trim)
            : null;
    }

    private MapConverter<T>? ReadMap<T>(YamlNode node, ValueConverter<T> canonical, FieldSpec spec, TargetMember member)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            errors.Add(node, $"'map' of field '{spec.Name}' must map source codes to {member.TypeName} values, for example {{ A: Open, B: OnHold }}");
            return null;
        }

        var codes = new List<KeyValuePair<string, T>>();
        var ok = true;
        foreach (var (codeNode, valueNode) in mapping.Children)
        {
            if (!errors.TryScalar(codeNode, $"a source code in 'map' of field '{spec.Name}'", out var code))
            {
                ok = false;
                continue;
            }

            if (TryCanonical(canonical, valueNode, spec, member, $"map code '{code}'", out var value))
            {
                codes.Add(new KeyValuePair<string, T>(code, value));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? new MapConverter<T>(codes) : null;
    }

    private bool TryCanonical<T>(ValueConverter<T> canonical, YamlNode node, FieldSpec spec, TargetMember member, string what, out T value)
    {
        value = default!;
        if (!errors.TryScalar(node, $"{what} of field '{spec.Name}'", out var text))
        {
            return false;
        }

        if (canonical.TryConvert(text.Trim(), out value))
        {
            return true;
        }

        var hint = member.Kind == ValueKind.Enum
            ? $"'{text}' is not a member of {member.ValueType.Name}{Suggestions.DidYouMean(text, Enum.GetNames(member.ValueType))} (members: {string.Join(", ", Enum.GetNames(member.ValueType))})"
            : $"'{text}' is not {canonical.Expected}";
        errors.Add(node, $"{what} of field '{spec.Name}': {hint}");
        return false;
    }
}
