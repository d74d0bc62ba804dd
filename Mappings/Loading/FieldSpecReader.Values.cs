using System.Collections.Frozen;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Conversion;
using IntegrationHub.Mappings.Schema;
using YamlDotNet.RepresentationModel;

namespace IntegrationHub.Mappings.Loading;

/// <summary>The typed part: constants, defaults and value maps read as the target field's type, and the binding.</summary>
internal sealed partial class FieldSpecReader
{
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

        var optional = false;
        if (spec.Optional is { } optionalNode && errors.TryBool(optionalNode, $"'optional' of field '{spec.Name}'", out var absentIsEmpty))
        {
            optional = absentIsEmpty;
        }

        return spec.Column is { Value: { } column }
            ? FieldBinding<T>.FromColumn(
                spec.Name, column, setter, converter, hasDefault, defaultValue, required, trim, ReadNullValues(spec), optional)
            : null;
    }

    /// <summary>Placeholders the source writes for "no value" (<c>0000-00-00</c>, <c>-</c>, <c>N/A</c>).</summary>
    private FrozenSet<string>? ReadNullValues(FieldSpec spec) =>
        ReadWords(spec.NullValues, "nullValues", spec.Name) is { Count: > 0 } words
            ? words.Select(w => w.Trim()).ToFrozenSet(StringComparer.Ordinal)
            : null;

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
