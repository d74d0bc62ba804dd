using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Outbox;

/// <summary>
/// A real outbox store whose first record of a Sent outcome fails with <paramref name="fault"/>, as a store that does not
/// answer for a moment makes it fail (on PostgreSQL a fail-over: the connection breaks mid-statement; on SQLite a
/// database locked by another process), both of which the store classifies as transient. The timing of a real kill cannot be aimed at the moment between "the SMTP server accepted" and "recorded
/// sent"; PatroniAlarmStormTests kills a real primary under load, this aims at that moment.
/// </summary>
internal sealed class FailingRecordOutboxStore(IOutboxStore inner, Exception fault) : IOutboxStore
{
    private int _failed;

    /// <summary>How many records were failed (one at most).</summary>
    public int Failed => _failed;

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, DateTimeOffset? dueBy, int take, CancellationToken cancellationToken) =>
        inner.ListAsync(status, dueBy, take, cancellationToken);

    public Task<OutboxClaimResult> ClaimAsync(OutboxClaimRequest request, CancellationToken cancellationToken) => inner.ClaimAsync(request, cancellationToken);

    public Task<bool> RecordAsync(
        string id, string? claimToken, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt,
        CancellationToken cancellationToken)
    {
        if (status == OutboxStatus.Sent && Interlocked.CompareExchange(ref _failed, 1, 0) == 0)
        {
            throw fault;
        }

        return inner.RecordAsync(id, claimToken, status, attempts, nextAttemptAt, lastError, sentAt, cancellationToken);
    }

    public Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken) => inner.ReplayDeadAsync(id, at, note, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken) => inner.CountsAsync(cancellationToken);
}
