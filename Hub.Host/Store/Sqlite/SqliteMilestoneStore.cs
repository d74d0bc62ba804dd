using System.Globalization;
using IntegrationHub.Hub.Host.Milestones;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary><see cref="IMilestoneStore"/> on SQLite: the tables of schema step 27.</summary>
internal sealed class SqliteMilestoneStore(IStoreConnectionFactory connections) : IMilestoneStore
{
    public async Task<MilestoneCursor> GetCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT epoch, last_id FROM milestone_cursor");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new MilestoneCursor(reader.GetString(0), reader.GetInt64(1))
            : throw new InvalidOperationException("The milestone_cursor row is missing: the schema's step 27 did not run.");
    }

    public async Task<IReadOnlySet<string>> RecordedAsync(IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One statement per order: a pass touches a few hundred orders at most, each looked up by its primary key prefix.
        await using var command = Command(connection, null, "SELECT milestone, reference FROM order_milestones WHERE order_no = @o");
        var order = Add(command, "@o", null);
        foreach (var orderNo in orderNos)
        {
            order.Value = orderNo;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                recorded.Add(MilestoneRecord.KeyOf(orderNo, reader.GetString(0), reader.GetString(1)));
            }
        }

        return recorded;
    }

    public async Task<int?> RecordAsync(MilestoneCursor from, MilestoneCursor to, IReadOnlyList<MilestoneRecord> milestones, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE (the provider's default): the writer lock from the first statement, so the position compared is the one moved.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var move = Command(connection, transaction, "UPDATE milestone_cursor SET epoch = @te, last_id = @ti WHERE epoch = @fe AND last_id = @fi"))
        {
            Add(move, "@te", to.Epoch);
            Add(move, "@ti", to.LastId);
            Add(move, "@fe", from.Epoch);
            Add(move, "@fi", from.LastId);
            if (await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return null;
            }
        }

        var recorded = 0;
        await using var insert = Command(connection, transaction, """
            INSERT INTO order_milestones (order_no, milestone, reference, customer_code, detected_at) VALUES (@o, @m, @r, @c, @at)
            ON CONFLICT (order_no, milestone, reference) DO NOTHING
            """);
        foreach (var record in milestones)
        {
            insert.Parameters.Clear();
            Add(insert, "@o", record.Milestone.OrderNo);
            Add(insert, "@m", MilestoneEvents.NameOf(record.Milestone.Kind));
            Add(insert, "@r", record.Milestone.Reference);
            Add(insert, "@c", record.Milestone.CustomerCode);
            Add(insert, "@at", Micros(record.DetectedAt));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                continue;
            }

            recorded++;
            foreach (var message in record.Messages)
            {
                await SqliteOutboxInsert.InsertAsync(connection, transaction, message, null, null, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    public async Task<MilestonePreferences?> GetPreferencesAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT shipped, delivered, late, channel, updated_at FROM milestone_preferences WHERE customer_code = @c");
        Add(command, "@c", customerCode);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new MilestonePreferences
        {
            CustomerCode = customerCode,
            Shipped = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) != 0,
            Delivered = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) != 0,
            Late = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture) != 0,
            Channel = NullableString(reader, 3),
            UpdatedAt = FromMicros(reader.GetInt64(4)),
        };
    }

    public async Task SetPreferencesAsync(MilestonePreferences preferences, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO milestone_preferences (customer_code, shipped, delivered, late, channel, updated_at) VALUES (@c, @s, @d, @l, @ch, @at)
            ON CONFLICT (customer_code) DO UPDATE SET
                shipped = excluded.shipped, delivered = excluded.delivered, late = excluded.late, channel = excluded.channel, updated_at = excluded.updated_at
            """);
        Add(command, "@c", preferences.CustomerCode);
        Add(command, "@s", preferences.Shipped ? 1 : 0);
        Add(command, "@d", preferences.Delivered ? 1 : 0);
        Add(command, "@l", preferences.Late ? 1 : 0);
        Add(command, "@ch", preferences.Channel);
        Add(command, "@at", Micros(preferences.UpdatedAt ?? throw new ArgumentException("The choice has no time.", nameof(preferences))));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
