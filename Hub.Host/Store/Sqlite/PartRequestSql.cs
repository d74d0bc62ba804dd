using System.Data.Common;
using System.Globalization;
using System.Text;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The part requests' statements on SQLite (issue 24 item 3), on a connection and an optional transaction: the rules'
/// unit of work records through them, <see cref="SqlitePartRequestStore"/> reads through them. Quantities are kept as
/// invariant text, exact whatever the database's number types.
/// </summary>
internal static class PartRequestSql
{
    private const string RequestColumns = "request_no, request_id, ticket_no, requested_by, requested_at";

    /// <summary>The stock levels of the items: each item's keys are the range from "item|" up to "item}" ('}' follows '|').</summary>
    public static async Task<IReadOnlyList<StockLevel>> StockAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string> itemCodes, CancellationToken cancellationToken)
    {
        if (itemCodes.Count == 0)
        {
            return [];
        }

        var sql = new StringBuilder("SELECT body FROM entities WHERE kind = @kind AND (");
        await using var command = Command(connection, transaction, string.Empty);
        Add(command, "@kind", nameof(EntityKind.StockLevel));
        var i = 0;
        foreach (var item in itemCodes)
        {
            sql.Append(i == 0 ? string.Empty : " OR ").Append(CultureInfo.InvariantCulture, $"(entity_key >= @lo{i} AND entity_key < @hi{i})");
            Add(command, $"@lo{i}", item + KeyParts.Separator);
            Add(command, $"@hi{i}", item + (char)(KeyParts.Separator + 1));
            i++;
        }

        command.CommandText = sql.Append(") ORDER BY entity_key").ToString();
        var levels = new List<StockLevel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            levels.Add((StockLevel)EntityJson.Deserialize(EntityKind.StockLevel, reader.GetString(0)));
        }

        return levels;
    }

    public static async Task<bool> AddAsync(DbConnection connection, DbTransaction transaction, PartRequest request, CancellationToken cancellationToken)
    {
        await using (var command = Command(connection, transaction, $"""
            INSERT INTO part_requests ({RequestColumns}) VALUES (@no, @id, @ticket, @by, @at)
            ON CONFLICT (request_id) DO NOTHING
            """))
        {
            Add(command, "@no", request.RequestNo);
            Add(command, "@id", request.RequestId);
            Add(command, "@ticket", request.TicketNo);
            Add(command, "@by", request.RequestedBy);
            Add(command, "@at", Micros(request.RequestedAt));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        var lineNo = 0;
        foreach (var line in request.Lines)
        {
            await using var command = Command(connection, transaction, """
                INSERT INTO part_request_lines (request_no, line_no, item_code, quantity, unit, status, available)
                VALUES (@no, @line, @item, @quantity, @unit, @status, @available)
                """);
            Add(command, "@no", request.RequestNo);
            Add(command, "@line", ++lineNo);
            Add(command, "@item", line.ItemCode);
            Add(command, "@quantity", line.Quantity.ToString(CultureInfo.InvariantCulture));
            Add(command, "@unit", line.Unit);
            Add(command, "@status", line.Status);
            Add(command, "@available", line.Available.ToString(CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>The requests with this request id (at most one) or of this ticket, with their lines.</summary>
    public static async Task<IReadOnlyList<PartRequest>> FindAsync(
        DbConnection connection, DbTransaction? transaction, string? requestId, string? ticketNo, CancellationToken cancellationToken)
    {
        var requests = new List<PartRequest>();
        await using (var command = Command(connection, transaction,
            $"SELECT {RequestColumns} FROM part_requests WHERE {(requestId is null ? "ticket_no = @key" : "request_id = @key")} ORDER BY requested_at, request_no"))
        {
            Add(command, "@key", requestId ?? ticketNo);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                requests.Add(new PartRequest
                {
                    RequestNo = reader.GetString(0), RequestId = reader.GetString(1), TicketNo = reader.GetString(2),
                    RequestedBy = reader.GetString(3), RequestedAt = FromMicros(reader.GetInt64(4)), Lines = [],
                });
            }
        }

        for (var i = 0; i < requests.Count; i++)
        {
            await using var command = Command(connection, transaction,
                "SELECT item_code, quantity, status, available, unit FROM part_request_lines WHERE request_no = @no ORDER BY line_no");
            Add(command, "@no", requests[i].RequestNo);
            var lines = new List<PartRequestLine>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lines.Add(new PartRequestLine(
                    reader.GetString(0), decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2),
                    decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture), NullableString(reader, 4)));
            }

            requests[i] = requests[i] with { Lines = lines };
        }

        return requests;
    }
}
