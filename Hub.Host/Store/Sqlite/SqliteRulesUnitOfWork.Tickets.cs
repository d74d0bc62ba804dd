using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Tickets;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

internal sealed partial class SqliteRulesUnitOfWork
{
    private const string TicketColumns = "body";

    public async Task<IReadOnlyList<ServiceTicket>> OpenTicketsOfAssetAsync(string assetId, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {TicketColumns} FROM tickets WHERE asset_id = @a AND status IN ('Open', 'Acknowledged')");
        Add(command, "@a", assetId);
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ServiceTicket?> TicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {TicketColumns} FROM tickets WHERE ticket_no = @t");
        Add(command, "@t", ticketNo);
        var tickets = await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
        return tickets.Count == 0 ? null : tickets[0];
    }

    /// <summary>Open tickets whose next SLA target (response, else resolution) is at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<ServiceTicket>> TicketsDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {TicketColumns} FROM tickets WHERE status IN ('Open', 'Acknowledged') AND due_at <= @now ORDER BY due_at LIMIT 200");
        Add(command, "@now", Micros(now));
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServiceTicket>> ListTicketsAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {TicketColumns} FROM tickets WHERE 1 = 1");
        await using var command = Cmd(string.Empty);
        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            Add(command, "@status", status.ToString());
        }

        if (query.Priority is { } priority)
        {
            sql.Append(" AND priority = @priority");
            Add(command, "@priority", priority.ToString());
        }

        if (query.Assignee is { Length: > 0 } assignee)
        {
            sql.Append(" AND assignee = @assignee");
            Add(command, "@assignee", assignee);
        }

        if (query.CustomerCode is { Length: > 0 } customer)
        {
            sql.Append(" AND customer_code = @customer");
            Add(command, "@customer", customer);
        }

        // Closed and resolved tickets have no due time; they come after the open ones, newest first.
        sql.Append(" ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, opened_at DESC LIMIT @take OFFSET @skip");
        Add(command, "@take", query.Take);
        Add(command, "@skip", query.Skip);
        command.CommandText = sql.ToString();
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts or replaces the ticket. The open key (asset and alarm code, only while the ticket is open) is unique
    /// in the database, so two nodes can never hold two open tickets for one alarm.
    /// </summary>
    public async Task SaveTicketAsync(ServiceTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _savedTickets.Add(ticket.TicketNo);
        await using var command = Cmd("""
            INSERT INTO tickets (ticket_no, open_key, asset_id, customer_code, alarm_code, priority, status, assignee, due_at, opened_at, created_at, body)
            VALUES (@no, @key, @asset, @customer, @code, @priority, @status, @assignee, @due, @opened, @created, @body)
            ON CONFLICT (ticket_no) DO UPDATE SET
                open_key = excluded.open_key, priority = excluded.priority, status = excluded.status,
                assignee = excluded.assignee, due_at = excluded.due_at, body = excluded.body
            """);
        Add(command, "@no", ticket.TicketNo);
        Add(command, "@key", ticket.IsOpen ? $"{ticket.AssetId}\u001f{ticket.AlarmCode}" : null);
        Add(command, "@asset", ticket.AssetId);
        Add(command, "@customer", ticket.CustomerCode);
        Add(command, "@code", ticket.AlarmCode);
        Add(command, "@priority", ticket.Priority.ToString());
        Add(command, "@status", ticket.Status.ToString());
        Add(command, "@assignee", ticket.Assignee);
        Add(command, "@due", MicrosOrNull(TicketDue.Next(ticket)));
        Add(command, "@opened", Micros(ticket.OpenedAt));
        Add(command, "@created", Micros(now));
        Add(command, "@body", JsonSerializer.Serialize(ticket, RulesJson.Default.ServiceTicket));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddHistoryAsync(string ticketNo, DateTimeOffset at, string actor, string action, string detail, bool isInternal, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO ticket_history (ticket_no, seq, at, actor, action, detail, internal)
            VALUES (@t, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ticket_history WHERE ticket_no = @t), @at, @actor, @action, @detail, @internal)
            """);
        Add(command, "@t", ticketNo);
        Add(command, "@at", Micros(at));
        Add(command, "@actor", actor);
        Add(command, "@action", action);
        Add(command, "@detail", detail);
        Add(command, "@internal", isInternal ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TicketHistoryEntry>> HistoryAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT seq, at, actor, action, detail, internal FROM ticket_history WHERE ticket_no = @t ORDER BY seq");
        Add(command, "@t", ticketNo);
        var entries = new List<TicketHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TicketHistoryEntry(reader.GetInt32(0), FromMicros(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5) != 0));
        }

        return entries;
    }

    /// <summary>Puts the customer's account on hold for new order approvals because of a P0 ticket.</summary>
    public async Task<bool> AddHoldAsync(string customerCode, string ticketNo, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO customer_holds (customer_code, ticket_no, since) VALUES (@c, @t, @s)
            ON CONFLICT (customer_code, ticket_no) DO NOTHING
            """);
        Add(command, "@c", customerCode);
        Add(command, "@t", ticketNo);
        Add(command, "@s", Micros(since));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Releases the hold of a resolved ticket; true when there was one.</summary>
    public async Task<bool> ReleaseHoldAsync(string ticketNo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Cmd("UPDATE customer_holds SET released_at = @at WHERE ticket_no = @t AND released_at IS NULL");
        Add(command, "@t", ticketNo);
        Add(command, "@at", Micros(at));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> IsOnHoldAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT COUNT(*) FROM customer_holds WHERE customer_code = @c AND released_at IS NULL");
        Add(command, "@c", customerCode);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The engineers' current open-ticket counts, for load-aware assignment.</summary>
    public async Task<IReadOnlyDictionary<string, int>> OpenTicketsPerAssigneeAsync(CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT assignee, COUNT(*) FROM tickets WHERE status IN ('Open', 'Acknowledged') AND assignee IS NOT NULL GROUP BY assignee");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<IReadOnlyList<ServiceTicket>> ReadTicketsAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        var tickets = new List<ServiceTicket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize(reader.GetString(0), RulesJson.Default.ServiceTicket) is { } ticket)
            {
                tickets.Add(ticket);
            }
        }

        return tickets;
    }
}
