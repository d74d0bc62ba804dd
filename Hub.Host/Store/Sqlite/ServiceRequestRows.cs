using System.Data.Common;
using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The rows of <c>service_requests</c> and <c>service_request_photos</c> as records, the same on both stores (PostgreSQL
/// reads them through this too, as it reads CRM keys through SqliteCrmFeedStore): each store's query selects the columns in this order (<see cref="RequestColumns"/>, <see cref="PhotoColumns"/>).
/// </summary>
internal static class ServiceRequestRows
{
    public const string RequestColumns = "customer_code, request_key, ticket_no, asset_id, category, channel, body, created_at";

    public const string PhotoColumns = "photo_id, format, width, height, length";

    public static ServiceRequestRecord Request(DbDataReader reader) => new()
    {
        CustomerCode = reader.GetString(0),
        RequestKey = reader.GetString(1),
        TicketNo = reader.GetString(2),
        AssetId = reader.GetString(3),
        Category = reader.GetString(4),
        Channel = reader.GetString(5),
        Text = reader.GetString(6),
        CreatedAt = StoreTime.FromMicros(reader.GetInt64(7)),
    };

    public static StoredPhoto Photo(DbDataReader reader) =>
        new(reader.GetString(0), Enum.Parse<PhotoFormat>(reader.GetString(1)), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4));

    /// <summary>Reads every row of <paramref name="command"/> with <paramref name="row"/>.</summary>
    public static async Task<List<T>> ReadAsync<T>(DbCommand command, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
