using System.Text.Json;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// The outbox: queued in the rules' transaction (EnqueueAsync, part of IRulesUnitOfWork); read, updated and replayed
// through PostgreSqlOutboxStore, each in a short transaction of its own, so the outbox's SQL lives in one place.
internal sealed partial class PostgreSqlRulesUnitOfWork
{
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
        await using var command = Cmd("""
            SELECT id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, last_error, created_at, sent_at
            FROM outbox WHERE status = $1 AND ($2::bigint IS NULL OR next_attempt_at <= $2)
            ORDER BY next_attempt_at, created_at LIMIT $3
            """, Pg.Text(status.ToString()), Pg.Micros(dueBy), Pg.Integer(take));
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
            });
        }

        return messages;
    }

    /// <summary>Records the outcome of an attempt (or a replay) of one message.</summary>
    public async Task UpdateOutboxAsync(string id, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4, sent_at = $5
            WHERE id = $6
            """,
            Pg.Text(status.ToString()), Pg.Integer(attempts), Pg.Micros(nextAttemptAt), Pg.Text(lastError), Pg.Micros(sentAt), Pg.Text(id));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes a dead message pending again; false when no dead message has this id.</summary>
    public async Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken)
    {
        // One conditional statement: a message that is not (or no longer) dead is left as it is.
        await using var command = Cmd("""
            UPDATE outbox SET status = $1, attempts = 0, next_attempt_at = $2, last_error = $3, sent_at = NULL
            WHERE id = $4 AND status = $5
            """,
            Pg.Text(OutboxStatus.Pending.ToString()), Pg.Micros(at), Pg.Text(note), Pg.Text(id), Pg.Text(OutboxStatus.Dead.ToString()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>How many messages the customer was sent since <paramref name="since"/>.</summary>
    public async Task<long> SentToCustomerSinceAsync(string customerCode, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            "SELECT COUNT(*) FROM outbox WHERE customer_code = $1 AND audience = 'customer' AND status = 'Sent' AND sent_at >= $2",
            Pg.Text(customerCode), Pg.Micros(since));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
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
