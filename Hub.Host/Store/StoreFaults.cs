using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Which store failures time may cure (issue 17, "PostgreSQL stopped mid-stream"): the database cannot be reached, is
/// shutting down or starting up, or is busy; as opposed to a refused statement or a bug, which repeating the same
/// work only repeats. Decided on the drivers' own classification and error codes, never on message text.
/// </summary>
internal static class StoreFaults
{
    // SQLite result codes (https://sqlite.org/rescode.html): BUSY, LOCKED, IOERR, FULL, CANTOPEN.
    private static readonly int[] TransientSqliteCodes = [5, 6, 10, 13, 14];

    /// <summary>Whether <paramref name="exception"/> (or what it wraps) says the store is unreachable or busy for now.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                // Npgsql's own judgement: I/O and timeouts, and the server's "try again" codes (too many connections,
                // cannot connect now, serialization failure...).
                case NpgsqlException { IsTransient: true }:
                    return true;

                // Class 08 (connection exception) and 57P01-57P03: the server shut down (pg_ctl stop -m fast/immediate)
                // or is starting up; a server restarted brings the work back.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal):
                    return true;

                case PostgresException:
                    return false;

                // The driver's own failure on a broken connection (the server went away mid-statement).
                case NpgsqlException { InnerException: IOException or SocketException or TimeoutException or EndOfStreamException }:
                    return true;

                case SqliteException sqlite:
                    return TransientSqliteCodes.Contains(sqlite.SqliteErrorCode);
            }
        }

        return false;
    }
}
