using System.Net.Sockets;
using IntegrationHub.Hub.Host.Hosting;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// Turns what goes wrong while reaching and migrating the database at start into an error an operator can act on
/// (issue 17, "Bad input and faults"): it names <c>Hub:Store:ConnectionString</c>, what was tried and the fix, and
/// never the password, not even inside a server's or the driver's message.
/// </summary>
internal static class PostgreSqlStartupError
{
    private const string What = "The PostgreSQL store cannot start";

    /// <summary>The error to report for <paramref name="exception"/>.</summary>
    public static HubConfigurationException From(NpgsqlException exception, PostgreSqlConnections connections)
    {
        var setting = PostgreSqlConnections.Setting;
        var tried = connections.Target;
        var problem = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } =>
                $"{setting}: the server refused the password of user '{connections.Username}' ({tried}). Correct Password= in the connection string, or the user's password on the server.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification } e =>
                $"{setting}: the server refused user '{connections.Username}' ({tried}): {e.MessageText}. Check Username= and the server's pg_hba.conf.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                $"{setting}: database '{connections.Database}' does not exist ({tried}). Create it (CREATE DATABASE \"{connections.Database}\" OWNER \"{connections.Username}\") or correct Database= in the connection string.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } e =>
                $"{setting}: user '{connections.Username}' may not create or change the hub's tables ({tried}): {e.MessageText}. Connect as the database's owner, or GRANT CREATE ON SCHEMA public TO \"{connections.Username}\".",
            PostgresException e =>
                $"{setting}: PostgreSQL refused the hub ({tried}): {e.SqlState} {e.MessageText}.",
            NpgsqlException e when Unreachable(e) =>
                $"{setting}: cannot reach PostgreSQL ({tried}): {Innermost(e).Message}. Check that the server runs and listens there, and Host= and Port= in the connection string.",
            _ =>
                $"{setting}: cannot use PostgreSQL ({tried}): {exception.Message}",
        };
        return new HubConfigurationException(What, [connections.Scrub(problem)]);
    }

    private static bool Unreachable(NpgsqlException exception) =>
        exception.InnerException is SocketException or TimeoutException or IOException
        || exception.InnerException?.InnerException is SocketException;

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }
}
