using IntegrationHub.Mappings.Conversion;
using IntegrationHub.Mappings.Schema;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>The converters a field spec asks for: number marks, yes/no words, date formats.</summary>
internal sealed partial class FieldSpecReader
{
    /// <summary>The converter of the column's text, from the spec's format keys (a map is applied later).</summary>
    private object SourceConverter(FieldSpec spec, TargetMember member) => member.Kind switch
    {
        ValueKind.String => new TextConverter(ReadTextRule(spec, member)),
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

    /// <summary>The field's default <see cref="TextRule"/> (<see cref="FieldLimits"/>), with the spec's <c>maxLength</c>.</summary>
    private TextRule ReadTextRule(FieldSpec spec, TargetMember member)
    {
        var rule = FieldLimits.For(member);
        if (spec.MaxLength is not { Value: { } text } node)
        {
            return rule;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            || limit is < 1 or > FieldLimits.MaxConfigurable)
        {
            errors.Add(node, $"'maxLength' of field '{spec.Name}' is '{text}'; write a whole number of characters from 1 to {FieldLimits.MaxConfigurable} (the default is {rule.MaxLength})");
            return rule;
        }

        return rule with { MaxLength = limit };
    }

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
}
