namespace IntegrationHub.Hub.Host.Outbox;

internal enum OutboxStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    Sent,

    /// <summary>Not sent: the per-customer limit was reached; the reason is in the last error.</summary>
    Suppressed,

    /// <summary>Failed permanently or ran out of attempts; listed and replayable by an admin.</summary>
    Dead,
}
