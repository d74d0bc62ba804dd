using System.Data.Common;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary><see cref="IStoreHealthProbe"/> on SQLite: opens a connection and runs <c>SELECT 1</c>.</summary>
internal sealed class SqliteStoreHealthProbe(IStoreConnectionFactory connections) : IStoreHealthProbe
{
    public string Describe() => connections.Describe();

    public async Task<StoreCheck> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return new StoreCheck(connections.Describe(), true, null);
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException)
        {
            return new StoreCheck(connections.Describe(), false, ex.Message);
        }
    }
}
