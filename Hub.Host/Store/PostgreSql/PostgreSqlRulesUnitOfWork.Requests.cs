using IntegrationHub.Hub.Host.Store.Sqlite;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

internal sealed partial class PostgreSqlRulesUnitOfWork
{
    private const string RequestColumns = ServiceRequestRows.RequestColumns;

    public async Task<ServiceRequestRecord?> ServiceRequestAsync(string customerCode, string requestKey, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {RequestColumns} FROM service_requests WHERE customer_code = $1 AND request_key = $2",
            Pg.Text(customerCode), Pg.Text(requestKey));
        var found = await ReadRequestsAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task SaveServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken)
    {
        await using (var insert = Cmd($"INSERT INTO service_requests ({RequestColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Pg.Text(request.CustomerCode), Pg.Text(request.RequestKey), Pg.Text(request.TicketNo), Pg.Text(request.AssetId),
            Pg.Text(request.Category), Pg.Text(request.Channel), Pg.Text(request.Text), Pg.Micros(request.CreatedAt)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var seq = 0; seq < request.Photos.Count; seq++)
        {
            var photo = request.Photos[seq];
            await using var insert = Cmd("""
                INSERT INTO service_request_photos (customer_code, request_key, seq, ticket_no, photo_id, format, width, height, length)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """,
                Pg.Text(request.CustomerCode), Pg.Text(request.RequestKey), Pg.Integer(seq), Pg.Text(request.TicketNo), Pg.Text(photo.Id),
                Pg.Text(photo.Format.ToString()), Pg.Integer(photo.Width), Pg.Integer(photo.Height), Pg.BigInt(photo.Length));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ServiceRequestRecord>> ServiceRequestsOfTicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {RequestColumns} FROM service_requests WHERE ticket_no = $1 ORDER BY created_at, request_key", Pg.Text(ticketNo));
        return await ReadRequestsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(int Count, long Bytes)> CustomerPhotoUsageAsync(string customerCode, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            SELECT count(*), COALESCE(sum(p.length), 0)::bigint FROM service_request_photos p
            JOIN service_requests r ON r.customer_code = p.customer_code AND r.request_key = p.request_key
            WHERE p.customer_code = $1 AND r.created_at >= $2
            """, Pg.Text(customerCode), Pg.Micros(since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (checked((int)reader.GetInt64(0)), reader.GetInt64(1));
    }

    private async Task<List<ServiceRequestRecord>> ReadRequestsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var requests = await ServiceRequestRows.ReadAsync(command, ServiceRequestRows.Request, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < requests.Count; i++)
        {
            await using var photos = Cmd(
                $"SELECT {ServiceRequestRows.PhotoColumns} FROM service_request_photos WHERE customer_code = $1 AND request_key = $2 ORDER BY seq",
                Pg.Text(requests[i].CustomerCode), Pg.Text(requests[i].RequestKey));
            requests[i] = requests[i] with { Photos = await ServiceRequestRows.ReadAsync(photos, ServiceRequestRows.Photo, cancellationToken).ConfigureAwait(false) };
        }

        return requests;
    }
}
