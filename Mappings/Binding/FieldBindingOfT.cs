using System.Collections.Frozen;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Conversion;

namespace IntegrationHub.Mappings.Binding;

/// <summary>
/// A field read from a column (trimmed unless told otherwise; empty is null), converted, then set through a
/// compiled setter; or a constant.
/// </summary>
/// <typeparam name="T">The field's type without <see cref="Nullable{T}"/>.</typeparam>
internal sealed class FieldBinding<T> : FieldBinding
{
    private readonly Action<CanonicalEntity, T> _setter;
    private readonly ValueConverter<T>? _converter;
    private readonly bool _hasFallback;
    private readonly T _fallback;
    private readonly bool _required;
    private readonly bool _trim;
    private readonly FrozenSet<string>? _nullValues;
    private readonly bool _optional;

    private FieldBinding(
        string targetField, string? column, Action<CanonicalEntity, T> setter, ValueConverter<T>? converter,
        bool hasFallback, T fallback, bool required, bool trim, FrozenSet<string>? nullValues, bool optional)
        : base(targetField, column)
    {
        _setter = setter;
        _converter = converter;
        _hasFallback = hasFallback;
        _fallback = fallback;
        _required = required;
        _trim = trim;
        _nullValues = nullValues;
        _optional = optional;
    }

    /// <summary>A field that always gets <paramref name="value"/>.</summary>
    public static FieldBinding<T> Constant(string targetField, Action<CanonicalEntity, T> setter, T value) =>
        new(targetField, null, setter, null, hasFallback: true, value, required: false, trim: false, nullValues: null, optional: false);

    /// <summary>
    /// A field read from <paramref name="column"/>. An empty value (or one of <paramref name="nullValues"/>) takes
    /// <paramref name="defaultValue"/> when <paramref name="hasDefault"/>, is an error when
    /// <paramref name="required"/>, and otherwise leaves the record's own default (null for nullable fields).
    /// A record without the column is an error, unless <paramref name="optional"/> (for message sources whose
    /// payloads omit absent keys), when it counts as empty.
    /// </summary>
    public static FieldBinding<T> FromColumn(
        string targetField, string column, Action<CanonicalEntity, T> setter, ValueConverter<T> converter,
        bool hasDefault, T defaultValue, bool required, bool trim, FrozenSet<string>? nullValues = null,
        bool optional = false) =>
        new(targetField, column, setter, converter, hasDefault, defaultValue, required, trim, nullValues, optional);

    public override void Apply(CanonicalEntity entity, IReadOnlyDictionary<string, string?> fields, List<FieldError> errors)
    {
        if (Column is null || _converter is null)
        {
            _setter(entity, _fallback);
            return;
        }

        if (!fields.TryGetValue(Column, out var raw) && !_optional)
        {
            errors.Add(MissingColumn(Column, TargetField, fields));
            return;
        }

        var text = raw is null ? string.Empty : _trim ? raw.Trim() : raw;
        if (text.Length == 0 || (_nullValues is not null && _nullValues.Contains(text)))
        {
            if (_hasFallback)
            {
                _setter(entity, _fallback);
            }
            else if (_required)
            {
                var found = text.Length == 0 ? "the column is empty" : $"the column holds '{text}', which nullValues make empty";
                errors.Add(new FieldError(Column, TargetField, $"a value is required ({_converter.Expected}) but {found}"));
            }

            return;
        }

        if (_converter.TryConvert(text, out var value))
        {
            _setter(entity, value);
        }
        else
        {
            errors.Add(new FieldError(Column, TargetField, _converter.DescribeFailure(text)));
        }
    }
}
