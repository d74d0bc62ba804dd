using System.Data.Common;
using System.Text.Json;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Rules;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// An outbox message queued in the caller's transaction: a notification of the rules' unit of work, or a CRM webhook with
/// its place in its entity's order (issue 23 item 1).
/// </summary>
internal static class SqliteOutboxInsert
{
    /// <summary>Inserts the message; 0 when its event key is queued already (the same event never queues twice).</summary>
    public static async Task<int> InsertAsync(
        DbConnection connection, DbTransaction transaction, OutboxMessage message, string? orderKey, long? position, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO outbox (id, event_key, channel, audience, customer_code, subject, body, recipients, status, attempts, next_attempt_at, created_at, order_key, position)
            VALUES (@id, @key, @channel, @audience, @customer, @subject, @body, @recipients, @status, 0, @next, @created, @order, @position)
            ON CONFLICT (event_key) DO NOTHING
            """);
        Add(command, "@id", message.Id);
        Add(command, "@key", message.EventKey);
        Add(command, "@channel", message.Channel);
        Add(command, "@audience", message.Audience);
        Add(command, "@customer", message.CustomerCode);
        Add(command, "@subject", message.Subject);
        Add(command, "@body", message.Body);
        Add(command, "@recipients", JsonSerializer.Serialize([.. message.Recipients], RulesJson.Default.StringArray));
        Add(command, "@status", message.Status.ToString());
        Add(command, "@next", Micros(message.NextAttemptAt));
        Add(command, "@created", Micros(message.CreatedAt));
        Add(command, "@order", orderKey);
        Add(command, "@position", position);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
