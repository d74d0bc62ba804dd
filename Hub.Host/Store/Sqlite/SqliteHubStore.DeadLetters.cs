using IntegrationHub.Crm.Core.Changes;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Dead letters: listed for the operator, marked when replayed.
internal sealed partial class SqliteHubStore
{
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(
        string? source, bool includeReplayed, int take, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = new List<string>();
        if (source is not null)
        {
            where.Add("source = @source");
        }

        if (!includeReplayed)
        {
            where.Add("replayed_at IS NULL");
        }

        await using var command = Command(connection, null, $"""
            SELECT id, source, reference, payload, reason, created_at, replayed_at FROM dead_letters
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)}
            ORDER BY created_at, id
            LIMIT @take
            """);
        if (source is not null)
        {
            Add(command, "@source", source);
        }

        Add(command, "@take", take);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                FromMicros(reader.GetInt64(5)), reader.IsDBNull(6) ? null : FromMicros(reader.GetInt64(6))));
        }

        return letters;
    }

    public async Task MarkDeadLettersReplayedAsync(IReadOnlyCollection<string> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, transaction, "UPDATE dead_letters SET replayed_at = @at WHERE id = @id");
        Add(command, "@at", Micros(at));
        var id = Add(command, "@id", string.Empty);
        foreach (var value in ids)
        {
            id.Value = value;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
