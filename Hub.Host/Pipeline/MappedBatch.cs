using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>What mapping a batch gave: the changes, and the records that failed with their dead letters.</summary>
internal sealed record MappedBatch(
    IReadOnlyList<CanonicalChange> Changes,
    IReadOnlyList<(SourceRecord Record, DeadLetter Letter, IReadOnlyList<FieldError> Errors)> Failures)
{
    /// <summary>
    /// The record each of <see cref="Changes"/> came from, at the same index, so that a later check can refuse a
    /// change with a dead letter that keeps its record's fields (issue 16 item 19); empty when not known.
    /// </summary>
    public IReadOnlyList<SourceRecord> Sources { get; init; } = [];
}
