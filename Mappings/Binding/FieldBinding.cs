using IntegrationHub.Crm.Core.Changes;

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

    /// <summary>Sets the field on <paramref name="entity"/>, or adds to <paramref name="errors"/>; never throws for bad data.</summary>
    public abstract void Apply(CanonicalEntity entity, IReadOnlyDictionary<string, string?> fields, List<FieldError> errors);
}
