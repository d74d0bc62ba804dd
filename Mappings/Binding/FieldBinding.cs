using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Loading;

namespace IntegrationHub.Mappings.Binding;

/// <summary>How one canonical field gets its value from a source record; built once per mapping.</summary>
internal abstract class FieldBinding
{
    protected FieldBinding(string targetField, string? column)
    {
        TargetField = targetField;
        Column = column;
    }

    public string TargetField { get; }

    /// <summary>The source column, or null for a constant.</summary>
    public string? Column { get; }

    /// <summary>
    /// The error of a column the record lacks, naming the record's closest column: a header with stray spaces or
    /// a different case is the usual cause.
    /// </summary>
    internal static FieldError MissingColumn(string column, string targetField, IReadOnlyDictionary<string, string?> fields)
    {
        var closest = fields.Keys.FirstOrDefault(k => string.Equals(k.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? Suggestions.Closest(column, fields.Keys);
        var hint = closest is null ? string.Empty : $"; the closest is '{closest}'";
        return new FieldError(column, targetField, $"the record has no column '{column}'{hint}");
    }

    /// <summary>Sets the field on <paramref name="entity"/>, or adds to <paramref name="errors"/>; never throws for bad data.</summary>
    public abstract void Apply(CanonicalEntity entity, IReadOnlyDictionary<string, string?> fields, List<FieldError> errors);
}
