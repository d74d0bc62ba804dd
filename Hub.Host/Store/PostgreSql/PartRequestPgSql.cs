using System.Globalization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The part requests' statements on PostgreSQL (issue 24 item 3), as on SQLite (PartRequestSql): the rules' unit of work
/// records through them, <see cref="PostgreSqlPartRequestStore"/> reads through them.
/// </summary>
internal static class PartRequestPgSql
{
    private const string RequestColumns = "request_no, request_id, ticket_no, requested_by, requested_at";

    /// <summary>The stock levels of the items: each item's keys are the range from "item|" up to "item}", by the primary key.</summary>
    public static async Task<IReadOnlyList<StockLevel>> StockAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<string> itemCodes, CancellationToken cancellationToken)
    {
        if (itemCodes.Count == 0)
        {
            return [];
        }

        await using var command = Pg.Command(connection, """
            SELECT e.body FROM unnest($2::text[], $3::text[]) AS i(lo, hi)
            JOIN entities e ON e.kind = $1 AND e.entity_key >= i.lo COLLATE "C" AND e.entity_key < i.hi COLLATE "C"
            ORDER BY e.entity_key
            """,
            Pg.Text(nameof(EntityKind.StockLevel)),
            Pg.TextArray(itemCodes.Select(c => c + KeyParts.Separator)),
            Pg.TextArray(itemCodes.Select(c => c + (char)(KeyParts.Separator + 1))));
        command.Transaction = transaction;
        var levels = new List<StockLevel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            levels.Add((StockLevel)EntityJson.Deserialize(EntityKind.StockLevel, reader.GetString(0)));
        }

        return levels;
    }

    public static async Task<bool> AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PartRequest request, CancellationToken cancellationToken)
    {
        await using (var command = Pg.Command(connection, $"""
            INSERT INTO part_requests ({RequestColumns}) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (request_id) DO NOTHING
            """,
            Pg.Text(request.RequestNo), Pg.Text(request.RequestId), Pg.Text(request.TicketNo), Pg.Text(request.RequestedBy), Pg.Micros(request.RequestedAt)))
        {
            command.Transaction = transaction;
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        await using var lines = Pg.Command(connection, """
            INSERT INTO part_request_lines (request_no, line_no, item_code, quantity, unit, status, available)
            SELECT $1, n, item, quantity, unit, status, available
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS l(item, quantity, unit, status, available, n)
            """,
            Pg.Text(request.RequestNo),
            Pg.TextArray(request.Lines.Select(l => l.ItemCode)),
            Pg.TextArray(request.Lines.Select(l => l.Quantity.ToString(CultureInfo.InvariantCulture))),
            Pg.Array(request.Lines.Select(l => l.Unit).ToArray(), NpgsqlDbType.Text),
            Pg.TextArray(request.Lines.Select(l => l.Status)),
            Pg.TextArray(request.Lines.Select(l => l.Available.ToString(CultureInfo.InvariantCulture))));
        lines.Transaction = transaction;
        await lines.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The requests with this request id (at most one) or of this ticket, with their lines.</summary>
    public static async Task<IReadOnlyList<PartRequest>> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string? requestId, string? ticketNo, CancellationToken cancellationToken)
    {
        var requests = new List<PartRequest>();
        await using (var command = Pg.Command(connection,
            $"SELECT {RequestColumns} FROM part_requests WHERE {(requestId is null ? "ticket_no" : "request_id")} = $1 ORDER BY requested_at, request_no",
            Pg.Text(requestId ?? ticketNo)))
        {
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                requests.Add(new PartRequest
                {
                    RequestNo = reader.GetString(0), RequestId = reader.GetString(1), TicketNo = reader.GetString(2),
                    RequestedBy = reader.GetString(3), RequestedAt = StoreTime.FromMicros(reader.GetInt64(4)), Lines = [],
                });
            }
        }

        if (requests.Count == 0)
        {
            return requests;
        }

        var lines = new Dictionary<string, List<PartRequestLine>>(StringComparer.Ordinal);
        await using (var command = Pg.Command(connection, """
            SELECT request_no, item_code, quantity, status, available, unit FROM part_request_lines
            WHERE request_no = ANY($1) ORDER BY request_no, line_no
            """,
            Pg.TextArray(requests.Select(r => r.RequestNo))))
        {
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var line = new PartRequestLine(
                    reader.GetString(1), decimal.Parse(reader.GetString(2), CultureInfo.InvariantCulture), reader.GetString(3),
                    decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.IsDBNull(5) ? null : reader.GetString(5));
                (lines.TryGetValue(reader.GetString(0), out var list) ? list : lines[reader.GetString(0)] = []).Add(line);
            }
        }

        return [.. requests.Select(r => r with { Lines = lines.GetValueOrDefault(r.RequestNo) ?? [] })];
    }
}
