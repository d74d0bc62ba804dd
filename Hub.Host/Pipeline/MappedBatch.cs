using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Mappings;

namespace IntegrationHub.Hub.Host.Pipeline;

/// <summary>What mapping a batch gave: the changes, and the records that failed with their dead letters.</summary>
internal sealed record MappedBatch(
    IReadOnlyList<CanonicalChange> Changes,
    IReadOnlyList<(SourceRecord Record, DeadLetter Letter, IReadOnlyList<FieldError> Errors)> Failures);
