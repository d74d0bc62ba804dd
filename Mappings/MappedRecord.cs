using System.Diagnostics.CodeAnalysis;
using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings;

/// <summary>
/// The outcome of mapping one source record: the canonical change, or every field error of the record.
/// </summary>
public sealed record MappedRecord
{
    private MappedRecord(IReadOnlyList<CanonicalChange> changes, IReadOnlyList<FieldError> errors)
    {
        Changes = changes;
        Change = changes.Count > 0 ? changes[0] : null;
        Errors = errors;
    }

    /// <summary>The canonical change (the first, when the mapping has several targets); null when the record has errors.</summary>
    public CanonicalChange? Change { get; }

    /// <summary>
    /// Every change of the record, one per target of its mapping, to be applied together; empty when the record has
    /// errors.
    /// </summary>
    public IReadOnlyList<CanonicalChange> Changes { get; }

    /// <summary>Every field error of the record; empty when it mapped.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>True when the record mapped to a change without errors.</summary>
    [MemberNotNullWhen(true, nameof(Change))]
    public bool Succeeded => Change is not null;

    /// <summary>A record that mapped.</summary>
    public static MappedRecord Success(CanonicalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new MappedRecord([change], []);
    }

    /// <summary>A record that mapped to several changes (a row of a flat export: its order header and its line).</summary>
    public static MappedRecord Success(IReadOnlyList<CanonicalChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            throw new ArgumentException("A record that mapped has at least one change.", nameof(changes));
        }

        return new MappedRecord(changes, []);
    }

    /// <summary>A record that did not map, with all its errors (at least one).</summary>
    public static MappedRecord Failure(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed record has at least one error.", nameof(errors));
        }

        return new MappedRecord([], errors);
    }

    /// <summary>The errors on one line each, for a dead letter's reason.</summary>
    public string DescribeErrors() => string.Join(Environment.NewLine, Errors);
}
