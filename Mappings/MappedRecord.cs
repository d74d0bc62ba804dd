using System.Diagnostics.CodeAnalysis;
using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Mappings;

/// <summary>
/// The outcome of mapping one source record: the canonical change, or every field error of the record.
/// </summary>
public sealed record MappedRecord
{
    private MappedRecord(CanonicalChange? change, IReadOnlyList<FieldError> errors)
    {
        Change = change;
        Errors = errors;
    }

    /// <summary>The canonical change; null when the record has errors.</summary>
    public CanonicalChange? Change { get; }

    /// <summary>Every field error of the record; empty when it mapped.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>True when the record mapped to a change without errors.</summary>
    [MemberNotNullWhen(true, nameof(Change))]
    public bool Succeeded => Change is not null;

    /// <summary>A record that mapped.</summary>
    public static MappedRecord Success(CanonicalChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new MappedRecord(change, []);
    }

    /// <summary>A record that did not map, with all its errors (at least one).</summary>
    public static MappedRecord Failure(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed record has at least one error.", nameof(errors));
        }

        return new MappedRecord(null, errors);
    }

    /// <summary>The errors on one line each, for a dead letter's reason.</summary>
    public string DescribeErrors() => string.Join(Environment.NewLine, Errors);
}
