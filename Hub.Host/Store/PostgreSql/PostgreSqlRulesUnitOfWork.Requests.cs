using IntegrationHub.Hub.Host.Photos;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

internal sealed partial class PostgreSqlRulesUnitOfWork
{
    private const string RequestColumns = "customer_code, request_key, ticket_no, asset_id, category, channel, body, created_at";

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

    private async Task<List<ServiceRequestRecord>> ReadRequestsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var requests = new List<ServiceRequestRecord>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                requests.Add(new ServiceRequestRecord
                {
                    CustomerCode = reader.GetString(0), RequestKey = reader.GetString(1), TicketNo = reader.GetString(2), AssetId = reader.GetString(3),
                    Category = reader.GetString(4), Channel = reader.GetString(5), Text = reader.GetString(6), CreatedAt = StoreTime.FromMicros(reader.GetInt64(7)),
                });
            }
        }

        for (var i = 0; i < requests.Count; i++)
        {
            await using var photos = Cmd(
                "SELECT photo_id, format, width, height, length FROM service_request_photos WHERE customer_code = $1 AND request_key = $2 ORDER BY seq",
                Pg.Text(requests[i].CustomerCode), Pg.Text(requests[i].RequestKey));
            var list = new List<StoredPhoto>();
            await using var reader = await photos.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(new StoredPhoto(reader.GetString(0), Enum.Parse<PhotoFormat>(reader.GetString(1)), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4)));
            }

            requests[i] = requests[i] with { Photos = list };
        }

        return requests;
    }
}
