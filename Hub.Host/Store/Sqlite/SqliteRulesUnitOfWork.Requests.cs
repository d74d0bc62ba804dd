using System.Data.Common;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

internal sealed partial class SqliteRulesUnitOfWork
{
    private const string RequestColumns = ServiceRequestRows.RequestColumns;

    public async Task<ServiceRequestRecord?> ServiceRequestAsync(string customerCode, string requestKey, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {RequestColumns} FROM service_requests WHERE customer_code = @c AND request_key = @k");
        Add(command, "@c", customerCode);
        Add(command, "@k", requestKey);
        var found = await ReadRequestsAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task SaveServiceRequestAsync(ServiceRequestRecord request, CancellationToken cancellationToken)
    {
        await using (var insert = Cmd($"INSERT INTO service_requests ({RequestColumns}) VALUES (@c, @k, @t, @a, @cat, @ch, @body, @at)"))
        {
            Add(insert, "@c", request.CustomerCode);
            Add(insert, "@k", request.RequestKey);
            Add(insert, "@t", request.TicketNo);
            Add(insert, "@a", request.AssetId);
            Add(insert, "@cat", request.Category);
            Add(insert, "@ch", request.Channel);
            Add(insert, "@body", request.Text);
            Add(insert, "@at", Micros(request.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var seq = 0; seq < request.Photos.Count; seq++)
        {
            var photo = request.Photos[seq];
            await using var insert = Cmd("""
                INSERT INTO service_request_photos (customer_code, request_key, seq, ticket_no, photo_id, format, width, height, length)
                VALUES (@c, @k, @s, @t, @p, @f, @w, @h, @l)
                """);
            Add(insert, "@c", request.CustomerCode);
            Add(insert, "@k", request.RequestKey);
            Add(insert, "@s", seq);
            Add(insert, "@t", request.TicketNo);
            Add(insert, "@p", photo.Id);
            Add(insert, "@f", photo.Format.ToString());
            Add(insert, "@w", photo.Width);
            Add(insert, "@h", photo.Height);
            Add(insert, "@l", photo.Length);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ServiceRequestRecord>> ServiceRequestsOfTicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT {RequestColumns} FROM service_requests WHERE ticket_no = @t ORDER BY created_at, request_key");
        Add(command, "@t", ticketNo);
        return await ReadRequestsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(int Count, long Bytes)> CustomerPhotoUsageAsync(string customerCode, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            SELECT count(*), COALESCE(sum(p.length), 0) FROM service_request_photos p
            JOIN service_requests r ON r.customer_code = p.customer_code AND r.request_key = p.request_key
            WHERE p.customer_code = @c AND r.created_at >= @since
            """);
        Add(command, "@c", customerCode);
        Add(command, "@since", Micros(since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (checked((int)reader.GetInt64(0)), reader.GetInt64(1));
    }

    private async Task<List<ServiceRequestRecord>> ReadRequestsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var requests = await ServiceRequestRows.ReadAsync(command, ServiceRequestRows.Request, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < requests.Count; i++)
        {
            await using var photos = Cmd($"SELECT {ServiceRequestRows.PhotoColumns} FROM service_request_photos WHERE customer_code = @c AND request_key = @k ORDER BY seq");
            Add(photos, "@c", requests[i].CustomerCode);
            Add(photos, "@k", requests[i].RequestKey);
            requests[i] = requests[i] with { Photos = await ServiceRequestRows.ReadAsync(photos, ServiceRequestRows.Photo, cancellationToken).ConfigureAwait(false) };
        }

        return requests;
    }
}
