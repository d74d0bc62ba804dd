using IntegrationHub.Hub.Host.Milestones;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IMilestoneStore"/> on PostgreSQL: the tables of schema step 18. A pass's conditional update of the
/// position's one row locks it, so a second node's pass waits, finds the position moved and writes nothing.
/// </summary>
internal sealed class PostgreSqlMilestoneStore(PostgreSqlConnections connections) : IMilestoneStore
{
    public async Task<MilestoneCursor> GetCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT epoch, last_id FROM milestone_cursor");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new MilestoneCursor(reader.GetString(0), reader.GetInt64(1))
            : throw new InvalidOperationException("The milestone_cursor row is missing: the schema's step 18 did not run.");
    }

    public async Task<IReadOnlySet<string>> RecordedAsync(IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT order_no, milestone, reference FROM order_milestones WHERE order_no = ANY($1)", Pg.TextArray(orderNos));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            recorded.Add(MilestoneRecord.KeyOf(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return recorded;
    }

    public async Task<int?> RecordAsync(MilestoneCursor from, MilestoneCursor to, IReadOnlyList<MilestoneRecord> milestones, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var move = Pg.Command(connection, "UPDATE milestone_cursor SET epoch = $1, last_id = $2 WHERE epoch = $3 AND last_id = $4",
            Pg.Text(to.Epoch), Pg.BigInt(to.LastId), Pg.Text(from.Epoch), Pg.BigInt(from.LastId)))
        {
            if (await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return null;
            }
        }

        var recorded = 0;
        foreach (var record in milestones)
        {
            await using var insert = Pg.Command(connection, """
                INSERT INTO order_milestones (order_no, milestone, reference, customer_code, detected_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (order_no, milestone, reference) DO NOTHING
                """,
                Pg.Text(record.Milestone.OrderNo), Pg.Text(MilestoneEvents.NameOf(record.Milestone.Kind)), Pg.Text(record.Milestone.Reference),
                Pg.Text(record.Milestone.CustomerCode), Pg.Micros(record.DetectedAt));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                continue;
            }

            recorded++;
            foreach (var message in record.Messages)
            {
                await PostgreSqlOutboxInsert.InsertAsync(connection, message, null, null, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    public async Task<MilestonePreferences?> GetPreferencesAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            "SELECT shipped, delivered, late, channel, updated_at FROM milestone_preferences WHERE customer_code = $1", Pg.Text(customerCode));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new MilestonePreferences
        {
            CustomerCode = customerCode,
            Shipped = reader.GetInt32(0) != 0,
            Delivered = reader.GetInt32(1) != 0,
            Late = reader.GetInt32(2) != 0,
            Channel = reader.IsDBNull(3) ? null : reader.GetString(3),
            UpdatedAt = StoreTime.FromMicros(reader.GetInt64(4)),
        };
    }

    public async Task SetPreferencesAsync(MilestonePreferences preferences, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, """
            INSERT INTO milestone_preferences (customer_code, shipped, delivered, late, channel, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (customer_code) DO UPDATE SET
                shipped = excluded.shipped, delivered = excluded.delivered, late = excluded.late, channel = excluded.channel, updated_at = excluded.updated_at
            """,
            Pg.Text(preferences.CustomerCode), Pg.Integer(preferences.Shipped ? 1 : 0), Pg.Integer(preferences.Delivered ? 1 : 0),
            Pg.Integer(preferences.Late ? 1 : 0), Pg.Text(preferences.Channel),
            Pg.Micros(preferences.UpdatedAt ?? throw new ArgumentException("The choice has no time.", nameof(preferences))));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
