using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Mappings.Binding;
using IntegrationHub.Mappings.Schema;

namespace IntegrationHub.Mappings;

/// <summary>
/// One canonical entity a source's record becomes, with the fields that fill it: the single <c>target</c> of a mapping
/// file, or one entry of its <c>targets</c> list (a flat export's header and line, issue 23 item 5).
/// </summary>
public sealed class MappingTarget
{
    private readonly TargetSchema _schema;
    private readonly FieldBinding[] _bindings;

    internal MappingTarget(TargetSchema schema, IReadOnlyList<FieldBinding> bindings)
    {
        _schema = schema;
        _bindings = [.. bindings];
        Fields = [.. bindings.Select(b => b.TargetField)];
    }

    /// <summary>The kind of canonical entity made.</summary>
    public EntityKind Kind => _schema.Kind;

    /// <summary>The canonical fields the target sets, in file order.</summary>
    public IReadOnlyList<string> Fields { get; }

    internal IEnumerable<string> Columns => _bindings.Select(b => b.Column).OfType<string>();

    /// <summary>
    /// Makes the entity from a record's fields; the errors are added to <paramref name="errors"/>, their target field
    /// prefixed with the kind when <paramref name="nameKind"/> is set (a row of several targets names which one failed).
    /// </summary>
    internal CanonicalEntity Make(IReadOnlyDictionary<string, string?> fields, List<FieldError> errors, bool nameKind)
    {
        var entity = _schema.Create();
        var before = errors.Count;
        foreach (var binding in _bindings)
        {
            binding.Apply(entity, fields, errors);
        }

        if (nameKind)
        {
            for (var i = before; i < errors.Count; i++)
            {
                errors[i] = errors[i] with { TargetField = $"{Kind}.{errors[i].TargetField}" };
            }
        }

        return entity;
    }

    /// <inheritdoc/>
    public override string ToString() => Kind.ToString();
}
