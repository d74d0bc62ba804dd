using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IStoreHealthProbe"/> on PostgreSQL: opens a pooled connection and runs <c>SELECT 1</c>. What it names is
/// host, port, database and user, never the password; an error's text is scrubbed of it too.
/// </summary>
internal sealed class PostgreSqlStoreHealthProbe(PostgreSqlConnections connections) : IStoreHealthProbe
{
    public string Describe() => connections.Describe();

    public async Task<StoreCheck> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Pg.Command(connection, "SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return new StoreCheck(connections.Describe(), true, null);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
        {
            return new StoreCheck(connections.Describe(), false, connections.Scrub(ex.Message));
        }
    }
}
