using System.Data.Common;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>A connection of its own with one prepared statement of one parameter, kept open to be run again.</summary>
internal sealed class PreparedQuery : IAsyncDisposable
{
    private PreparedQuery(DbConnection connection, DbCommand command, DbParameter parameter)
    {
        Connection = connection;
        Command = command;
        Parameter = parameter;
    }

    public DbConnection Connection { get; }

    public DbCommand Command { get; }

    public DbParameter Parameter { get; }

    public static async Task<PreparedQuery> CreateAsync(
        IStoreConnectionFactory connections, string sql, string parameterName, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = parameterName;
            parameter.DbType = System.Data.DbType.String;
            parameter.Value = string.Empty;
            command.Parameters.Add(parameter);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return new PreparedQuery(connection, command, parameter);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Command.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
