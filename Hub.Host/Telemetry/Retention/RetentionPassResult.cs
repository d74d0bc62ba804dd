namespace IntegrationHub.Hub.Host.Telemetry.Retention;

/// <summary>What one retention pass did; <paramref name="Batches"/> counts the short transactions it took.</summary>
internal sealed record RetentionPassResult(
    long RolledUp, long RawDeleted, long RollupsDeleted, long DeadLettersDeleted, long OutboxDeleted, long FilesDeleted, long Batches);
