using System.Data.Common;

namespace IntegrationHub.Adapters.Sql;

/// <summary>Opening the source's connection, with an error that says which source and server could not be reached.</summary>
public sealed partial class SqlSourcePoller
{
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _factory.CreateConnection()
            ?? throw new InvalidOperationException($"The provider '{_source.Provider}' made no connection.");
        try
        {
            connection.ConnectionString = _source.ConnectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (DbException ex)
        {
            // The provider's message names the server at best, never the source; DataSource is the server part of the
            // connection string (host, port, instance), without the user or password, so it may be shown.
            var server = connection.DataSource;
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SqlSourceUnreachableException(
                $"SQL source {_source.Name} ({_source.Provider}) cannot connect to '{server}': {ex.Message}", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
