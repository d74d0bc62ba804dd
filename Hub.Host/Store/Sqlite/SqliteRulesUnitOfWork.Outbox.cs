using System.Data.Common;
using System.Text.Json;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// The outbox: queued in the rules' transaction (EnqueueAsync, part of IRulesUnitOfWork); claimed, read, updated and
// replayed through SqliteOutboxStore, each in a short transaction of its own. A claim (IOutboxClaimSteps) runs in one
// transaction that holds SQLite's writer lock from its first statement (Microsoft.Data.Sqlite begins IMMEDIATE), so
// two dispatchers on one file claim one after the other and the per-customer count cannot change under a claim.
internal sealed partial class SqliteRulesUnitOfWork : IOutboxClaimSteps
{
    private const string OutboxColumns =
        "id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, last_error, created_at, sent_at, claimed_by, claim_token, claim_expires_at";

    /// <summary>Queues a message; a message for the same event key already queued makes this a no-op (false).</summary>
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        await SqliteOutboxInsert.InsertAsync(_connection, _transaction, message, null, null, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Messages in <paramref name="status"/>; for pending ones only those due by <paramref name="dueBy"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(OutboxStatus status, DateTimeOffset? dueBy, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"""
            SELECT {OutboxColumns}
            FROM outbox WHERE status = @status{(dueBy is null ? string.Empty : " AND next_attempt_at <= @due")}
            ORDER BY next_attempt_at, created_at LIMIT @take
            """);
        Add(command, "@status", status.ToString());
        if (dueBy is { } due)
        {
            Add(command, "@due", Micros(due));
        }

        Add(command, "@take", take);
        return await ReadOutboxAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // Issue 23 item 1: a CRM webhook of an entity (order_key) waits while an earlier one of the same entity and
    // subscription is pending (retrying, or claimed and in flight), so a change never overtakes an earlier failed one.
    // Once the earlier one is dead the later ones go on; a replayed dead one carries its older position.
    public async Task<IReadOnlyList<OutboxMessage>> ClaimCandidatesAsync(DateTimeOffset now, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"""
            SELECT {OutboxColumns}
            FROM outbox WHERE status = @status AND next_attempt_at <= @now AND (claim_token IS NULL OR claim_expires_at <= @now)
              AND (order_key IS NULL OR NOT EXISTS (
                  SELECT 1 FROM outbox earlier WHERE earlier.order_key = outbox.order_key AND earlier.position < outbox.position AND earlier.status = @status))
            ORDER BY next_attempt_at, created_at LIMIT @take
            """);
        Add(command, "@status", OutboxStatus.Pending.ToString());
        Add(command, "@now", Micros(now));
        Add(command, "@take", take);
        return await ReadOutboxAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // The writer lock this transaction holds already serialises every claim.
    public Task LockCustomersAsync(IReadOnlyList<string> customerCodes, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<long> CustomerUseAsync(string customerCode, DateTimeOffset since, DateTimeOffset now, IReadOnlyList<string> uncountedEvents, CancellationToken cancellationToken)
    {
        // The event is the event key up to its first '/'; every key has one (event/id/audience/channel).
        var uncounted = string.Join(", ", uncountedEvents.Select((_, i) => $"@u{i}"));
        await using var command = Cmd($"""
            SELECT COUNT(*) FROM outbox WHERE customer_code = @c AND audience = 'customer'
              AND ((status = 'Sent' AND sent_at >= @since) OR (status = 'Pending' AND claim_token IS NOT NULL AND claim_expires_at > @now))
              AND substr(event_key, 1, instr(event_key, '/') - 1) NOT IN ({uncounted})
            """);
        for (var i = 0; i < uncountedEvents.Count; i++)
        {
            Add(command, $"@u{i}", uncountedEvents[i]);
        }

        Add(command, "@c", customerCode);
        Add(command, "@since", Micros(since));
        Add(command, "@now", Micros(now));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task MarkClaimedAsync(string id, string nodeId, string token, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = Cmd("UPDATE outbox SET claimed_by = @node, claim_token = @token, claim_expires_at = @expires WHERE id = @id");
        Add(command, "@node", nodeId);
        Add(command, "@token", token);
        Add(command, "@expires", Micros(expiresAt));
        Add(command, "@id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new OutboxMessage
            {
                Id = reader.GetString(0),
                EventKey = reader.GetString(1),
                Channel = reader.GetString(2),
                Audience = reader.GetString(3),
                CustomerCode = NullableString(reader, 4),
                Subject = reader.GetString(5),
                Body = reader.GetString(6),
                Recipients = JsonSerializer.Deserialize(reader.GetString(7), RulesJson.Default.StringArray) ?? [],
                Status = Enum.Parse<OutboxStatus>(reader.GetString(8)),
                Attempts = reader.GetInt32(9),
                NextAttemptAt = FromMicros(reader.GetInt64(10)),
                LastError = NullableString(reader, 11),
                CreatedAt = FromMicros(reader.GetInt64(12)),
                SentAt = NullableMicros(reader, 13),
                ClaimedBy = NullableString(reader, 14),
                ClaimToken = NullableString(reader, 15),
                ClaimExpiresAt = NullableMicros(reader, 16),
            });
        }

        return messages;
    }

    /// <summary>Records the outcome of an attempt of one message and clears its claim, while the claim is still <paramref name="claimToken"/>.</summary>
    public async Task<bool> UpdateOutboxAsync(
        string id, string? claimToken, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt,
        CancellationToken cancellationToken)
    {
        // IS compares NULL with NULL as equal: a message nobody claimed is recorded with a null token.
        await using var command = Cmd("""
            UPDATE outbox SET status = @status, attempts = @attempts, next_attempt_at = @next, last_error = @error, sent_at = @sent,
              claimed_by = NULL, claim_token = NULL, claim_expires_at = NULL
            WHERE id = @id AND claim_token IS @token
            """);
        Add(command, "@token", claimToken);
        Add(command, "@status", status.ToString());
        Add(command, "@attempts", attempts);
        Add(command, "@next", Micros(nextAttemptAt));
        Add(command, "@error", lastError);
        Add(command, "@sent", MicrosOrNull(sentAt));
        Add(command, "@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Makes a dead message pending again; false when no dead message has this id.</summary>
    public async Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken)
    {
        // One conditional statement: a message that is not (or no longer) dead is left as it is.
        await using var command = Cmd("""
            UPDATE outbox SET status = @pending, attempts = 0, next_attempt_at = @next, last_error = @error, sent_at = NULL,
              claimed_by = NULL, claim_token = NULL, claim_expires_at = NULL
            WHERE id = @id AND status = @dead
            """);
        Add(command, "@pending", OutboxStatus.Pending.ToString());
        Add(command, "@next", Micros(at));
        Add(command, "@error", note);
        Add(command, "@id", id);
        Add(command, "@dead", OutboxStatus.Dead.ToString());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyDictionary<string, long>> OutboxCountsAsync(CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT status, COUNT(*) FROM outbox GROUP BY status");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }
}
