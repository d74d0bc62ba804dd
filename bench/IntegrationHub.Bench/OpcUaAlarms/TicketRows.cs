using Microsoft.Data.Sqlite;

namespace IntegrationHub.Bench.OpcUaAlarms;

/// <summary>
/// What the hub stored, read from its SQLite file (read-only, as the rules benchmark reads it): each ticket's asset and
/// created_at, and how many tickets' histories record the alarm cleared.
/// </summary>
internal static class TicketRows
{
    public static async Task<(Dictionary<string, DateTimeOffset> Created, int Cleared)> ReadAsync(string database, CancellationToken cancellationToken)
    {
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (!File.Exists(database))
        {
            return (created, 0);
        }

        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT asset_id, created_at FROM tickets";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                created[reader.GetString(0)] = DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(1) * 10);
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(DISTINCT ticket_no) FROM ticket_history WHERE action = 'alarm-cleared'";
            var cleared = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            return (created, cleared);
        }
    }
}
