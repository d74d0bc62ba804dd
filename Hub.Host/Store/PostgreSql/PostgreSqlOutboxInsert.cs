using System.Text.Json;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// An outbox message queued in the connection's open transaction: a CRM webhook with its place in its entity's order
/// (issue 23 item 1), or an order milestone's message (item 2). As <c>SqliteOutboxInsert</c> on SQLite.
/// </summary>
internal static class PostgreSqlOutboxInsert
{
    private const string Sql = """
        INSERT INTO outbox (id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, created_at, order_key, position)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13)
        ON CONFLICT (event_key) DO NOTHING
        """;

    /// <summary>Inserts the message; 0 when its event key is queued already (the same event never queues twice).</summary>
    public static async Task<int> InsertAsync(NpgsqlConnection connection, OutboxMessage message, string? orderKey, long? position, CancellationToken cancellationToken)
    {
        await using var insert = Pg.Command(connection, Sql,
            Pg.Text(message.Id), Pg.Text(message.EventKey), Pg.Text(message.Channel), Pg.Text(message.Audience), Pg.Text(message.CustomerCode),
            Pg.Text(message.Subject), Pg.Text(message.Body), Pg.Text(JsonSerializer.Serialize([.. message.Recipients], RulesJson.Default.StringArray)),
            Pg.Text(message.Status.ToString()), Pg.Micros(message.NextAttemptAt), Pg.Micros(message.CreatedAt), Pg.Text(orderKey), Pg.BigInt(position));
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
