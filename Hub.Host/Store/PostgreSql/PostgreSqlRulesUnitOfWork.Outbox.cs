using System.Text.Json;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// The outbox: queued in the rules' transaction (EnqueueAsync, part of IRulesUnitOfWork); claimed, read, updated and
// replayed through PostgreSqlOutboxStore, each in a short transaction of its own, so the outbox's SQL lives in one place.
// A claim (IOutboxClaimSteps, issue 18 item 3) locks its rows with FOR UPDATE SKIP LOCKED, so nodes claiming at once
// take different rows without waiting, and serialises each customer's claims with a transaction-level advisory lock.
internal sealed partial class PostgreSqlRulesUnitOfWork : IOutboxClaimSteps
{
    // The two-key advisory lock space (class, object) is apart from the one-bigint space of RulesStageLockKey and
    // PostgreSqlMigrator.LockKey; this class is the outbox's per-customer claims, the object a hash of the customer
    // code (two customers that share a hash only wait for each other).
    private const int CustomerClaimLockClass = 0x4F42_4331; // "OBC1"

    private const string OutboxColumns =
        "id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, last_error, created_at, sent_at, claimed_by, claim_token, claim_expires_at";

    /// <summary>Queues a message; a message for the same event key already queued makes this a no-op (false).</summary>
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO outbox (id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11)
            ON CONFLICT (event_key) DO NOTHING
            """,
            Pg.Text(message.Id), Pg.Text(message.EventKey), Pg.Text(message.Channel), Pg.Text(message.Audience), Pg.Text(message.CustomerCode),
            Pg.Text(message.Subject), Pg.Text(message.Body), Pg.Text(JsonSerializer.Serialize([.. message.Recipients], RulesJson.Default.StringArray)),
            Pg.Text(message.Status.ToString()), Pg.Micros(message.NextAttemptAt), Pg.Micros(message.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Messages in <paramref name="status"/>; for pending ones only those due by <paramref name="dueBy"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(OutboxStatus status, DateTimeOffset? dueBy, int take, CancellationToken cancellationToken)
    {
        // A null due time (no bound) makes the condition true, so that one statement serves both.
        await using var command = Cmd($"""
            SELECT {OutboxColumns}
            FROM outbox WHERE status = $1 AND ($2::bigint IS NULL OR next_attempt_at <= $2)
            ORDER BY next_attempt_at, created_at LIMIT $3
            """, Pg.Text(status.ToString()), Pg.Micros(dueBy), Pg.Integer(take));
        return await ReadOutboxAsync(command, cancellationToken).ConfigureAwait(false);
    }

    // Issue 23 item 1: a CRM webhook of an entity (order_key) waits while an earlier one of the same entity and
    // subscription is pending (retrying, or claimed and in flight), so a change never overtakes an earlier failed one.
    // Once the earlier one is dead the later ones go on; a replayed dead one carries its older position.
    public async Task<IReadOnlyList<OutboxMessage>> ClaimCandidatesAsync(DateTimeOffset now, int take, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"""
            SELECT {OutboxColumns}
            FROM outbox WHERE status = $1 AND next_attempt_at <= $2 AND (claim_token IS NULL OR claim_expires_at <= $2)
              AND (order_key IS NULL OR NOT EXISTS (
                  SELECT 1 FROM outbox earlier WHERE earlier.order_key = outbox.order_key AND earlier.position < outbox.position AND earlier.status = $1))
            ORDER BY next_attempt_at, created_at LIMIT $3
            FOR UPDATE SKIP LOCKED
            """, Pg.Text(OutboxStatus.Pending.ToString()), Pg.Micros(now), Pg.Integer(take));
        return await ReadOutboxAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task LockCustomersAsync(IReadOnlyList<string> customerCodes, CancellationToken cancellationToken)
    {
        // One statement per customer, in the caller's order: the order of function calls within one statement is not
        // defined, and a fixed order is what keeps two nodes from deadlocking.
        foreach (var customer in customerCodes)
        {
            await using var command = Cmd("SELECT pg_advisory_xact_lock($1, hashtext($2))", Pg.Integer(CustomerClaimLockClass), Pg.Text(customer));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<long> CustomerUseAsync(string customerCode, DateTimeOffset since, DateTimeOffset now, IReadOnlyList<string> uncountedEvents, CancellationToken cancellationToken)
    {
        // Read committed: this statement, run after the customer's lock, sees every claim and send committed before it.
        // The event is the event key up to its first '/'.
        await using var command = Cmd("""
            SELECT COUNT(*) FROM outbox WHERE customer_code = $1 AND audience = 'customer'
              AND ((status = 'Sent' AND sent_at >= $2) OR (status = 'Pending' AND claim_token IS NOT NULL AND claim_expires_at > $3))
              AND split_part(event_key, '/', 1) <> ALL($4)
            """, Pg.Text(customerCode), Pg.Micros(since), Pg.Micros(now), Pg.TextArray(uncountedEvents));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task MarkClaimedAsync(string id, string nodeId, string token, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            "UPDATE outbox SET claimed_by = $1, claim_token = $2, claim_expires_at = $3 WHERE id = $4",
            Pg.Text(nodeId), Pg.Text(token), Pg.Micros(expiresAt), Pg.Text(id));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ReadOutboxAsync(NpgsqlCommand command, CancellationToken cancellationToken)
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
                NextAttemptAt = StoreTime.FromMicros(reader.GetInt64(10)),
                LastError = NullableString(reader, 11),
                CreatedAt = StoreTime.FromMicros(reader.GetInt64(12)),
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
        // A late outcome waits here for a claim that holds the row FOR UPDATE, then finds the new token and changes nothing.
        await using var command = Cmd("""
            UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4, sent_at = $5,
              claimed_by = NULL, claim_token = NULL, claim_expires_at = NULL
            WHERE id = $6 AND claim_token IS NOT DISTINCT FROM $7
            """,
            Pg.Text(status.ToString()), Pg.Integer(attempts), Pg.Micros(nextAttemptAt), Pg.Text(lastError), Pg.Micros(sentAt), Pg.Text(id), Pg.Text(claimToken));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Makes a dead message pending again; false when no dead message has this id.</summary>
    public async Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken)
    {
        // One conditional statement: a message that is not (or no longer) dead is left as it is.
        await using var command = Cmd("""
            UPDATE outbox SET status = $1, attempts = 0, next_attempt_at = $2, last_error = $3, sent_at = NULL,
              claimed_by = NULL, claim_token = NULL, claim_expires_at = NULL
            WHERE id = $4 AND status = $5
            """,
            Pg.Text(OutboxStatus.Pending.ToString()), Pg.Micros(at), Pg.Text(note), Pg.Text(id), Pg.Text(OutboxStatus.Dead.ToString()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyDictionary<string, long>> OutboxCountsAsync(CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT status, COUNT(*) FROM outbox GROUP BY status");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
