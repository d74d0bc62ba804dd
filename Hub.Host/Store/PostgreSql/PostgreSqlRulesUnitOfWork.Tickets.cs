using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Tickets;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Tickets, their history and the customers' holds, as SqliteRulesUnitOfWork.Tickets.cs keeps them.
internal sealed partial class PostgreSqlRulesUnitOfWork
{
    public async Task<IReadOnlyList<ServiceTicket>> OpenTicketsOfAssetAsync(string assetId, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM tickets WHERE asset_id = $1 AND status IN ('Open', 'Acknowledged')", Pg.Text(assetId));
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ServiceTicket?> TicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM tickets WHERE ticket_no = $1", Pg.Text(ticketNo));
        var tickets = await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
        return tickets.Count == 0 ? null : tickets[0];
    }

    /// <summary>Open tickets whose next SLA target (response, else resolution) is at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<ServiceTicket>> TicketsDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            "SELECT body FROM tickets WHERE status IN ('Open', 'Acknowledged') AND due_at <= $1 ORDER BY due_at LIMIT 200", Pg.Micros(now));
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServiceTicket>> ListTicketsAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT body FROM tickets WHERE true");
        var parameters = new List<NpgsqlParameter>();
        void Filter(string column, string? value)
        {
            if (value is { Length: > 0 })
            {
                parameters.Add(Pg.Text(value));
                sql.Append(CultureInfo.InvariantCulture, $" AND {column} = ${parameters.Count}");
            }
        }

        Filter("status", query.Status?.ToString());
        Filter("priority", query.Priority?.ToString());
        Filter("assignee", query.Assignee);
        Filter("customer_code", query.CustomerCode);
        parameters.Add(Pg.Integer(query.Take));
        parameters.Add(Pg.Integer(query.Skip));

        // Closed and resolved tickets have no due time; they come after the open ones, newest first (NULLS LAST is
        // PostgreSQL's default for ascending order; stated for the reader).
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY due_at NULLS LAST, opened_at DESC LIMIT ${parameters.Count - 1} OFFSET ${parameters.Count}");
        await using var command = Cmd(sql.ToString(), [.. parameters]);
        return await ReadTicketsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts or replaces the ticket. The open key (asset and alarm code, only while the ticket is open) is unique
    /// in the database, so two nodes can never hold two open tickets for one alarm.
    /// </summary>
    public async Task SaveTicketAsync(ServiceTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO tickets (ticket_no, open_key, asset_id, customer_code, alarm_code, priority, status, assignee, due_at, opened_at, created_at, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (ticket_no) DO UPDATE SET
                open_key = excluded.open_key, priority = excluded.priority, status = excluded.status,
                assignee = excluded.assignee, due_at = excluded.due_at, body = excluded.body
            """,
            Pg.Text(ticket.TicketNo), Pg.Text(ticket.IsOpen ? $"{ticket.AssetId}\u001f{ticket.AlarmCode}" : null), Pg.Text(ticket.AssetId),
            Pg.Text(ticket.CustomerCode), Pg.Text(ticket.AlarmCode), Pg.Text(ticket.Priority.ToString()), Pg.Text(ticket.Status.ToString()),
            Pg.Text(ticket.Assignee), Pg.Micros(TicketDue.Next(ticket)), Pg.Micros(ticket.OpenedAt), Pg.Micros(now),
            Pg.Text(JsonSerializer.Serialize(ticket, RulesJson.Default.ServiceTicket)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddHistoryAsync(string ticketNo, DateTimeOffset at, string actor, string action, string detail, bool isInternal, CancellationToken cancellationToken)
    {
        // The next seq is max + 1, as on SQLite. SQLite serialises writers; here two transactions adding to one ticket
        // at once would both read the same max, so the ticket's history is locked first (until this transaction ends).
        await using var batch = Batch(
            Pg.BatchCommand("SELECT pg_advisory_xact_lock(hashtextextended('ticket_history|' || $1, 0))", Pg.Text(ticketNo)),
            Pg.BatchCommand("""
                INSERT INTO ticket_history (ticket_no, seq, at, actor, action, detail, internal)
                VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ticket_history WHERE ticket_no = $1), $2, $3, $4, $5, $6)
                """,
                Pg.Text(ticketNo), Pg.Micros(at), Pg.Text(actor), Pg.Text(action), Pg.Text(detail), Pg.Integer(isInternal ? 1 : 0)));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TicketHistoryEntry>> HistoryAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT seq, at, actor, action, detail, internal FROM ticket_history WHERE ticket_no = $1 ORDER BY seq", Pg.Text(ticketNo));
        var entries = new List<TicketHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new TicketHistoryEntry(
                reader.GetInt32(0), StoreTime.FromMicros(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5) != 0));
        }

        return entries;
    }

    /// <summary>Puts the customer's account on hold for new order approvals because of a P0 ticket.</summary>
    public async Task<bool> AddHoldAsync(string customerCode, string ticketNo, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO customer_holds (customer_code, ticket_no, since) VALUES ($1, $2, $3)
            ON CONFLICT (customer_code, ticket_no) DO NOTHING
            """, Pg.Text(customerCode), Pg.Text(ticketNo), Pg.Micros(since));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Releases the hold of a resolved ticket; true when there was one.</summary>
    public async Task<bool> ReleaseHoldAsync(string ticketNo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            "UPDATE customer_holds SET released_at = $1 WHERE ticket_no = $2 AND released_at IS NULL", Pg.Micros(at), Pg.Text(ticketNo));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> IsOnHoldAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            "SELECT EXISTS (SELECT 1 FROM customer_holds WHERE customer_code = $1 AND released_at IS NULL)", Pg.Text(customerCode));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>The engineers' current open-ticket counts, for load-aware assignment.</summary>
    public async Task<IReadOnlyDictionary<string, int>> OpenTicketsPerAssigneeAsync(CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            "SELECT assignee, COUNT(*) FROM tickets WHERE status IN ('Open', 'Acknowledged') AND assignee IS NOT NULL GROUP BY assignee");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = checked((int)reader.GetInt64(1));
        }

        return counts;
    }

    private static async Task<IReadOnlyList<ServiceTicket>> ReadTicketsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
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
