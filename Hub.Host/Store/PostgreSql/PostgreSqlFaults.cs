using System.Net.Sockets;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>Which PostgreSQL failures time may cure, for <see cref="StoreFaults"/> (issue 17, "PostgreSQL stopped mid-stream").</summary>
internal static class PostgreSqlFaults
{
    /// <summary>True or false when <paramref name="exception"/> is Npgsql's, null when it is not.</summary>
    public static bool? IsTransient(Exception exception) => exception switch
    {
        // Npgsql's own judgement: I/O and timeouts, and the server's "try again" codes (too many connections, cannot
        // connect now, serialization failure...).
        NpgsqlException { IsTransient: true } => true,

        // Class 08 (connection exception) and 57P01-57P03: the server shut down (pg_ctl stop -m fast or immediate) or
        // is starting up; a server restarted brings the work back. 25006 (read_only_sql_transaction): a multi-host
        // store reached a server that is a standby now (a primary just demoted by a switch-over, which Npgsql still
        // knew as the primary); the next connection finds the new primary (issue 18 item 5).
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal)
            || pg.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction,

        // A multi-host store found no primary while Patroni promotes a replica (issue 18 item 5).
        PostgreSqlNoPrimaryException => true,

        // The driver's own failure on a broken connection (the server went away mid-statement).
        NpgsqlException { InnerException: IOException or SocketException or TimeoutException or EndOfStreamException } => true,
        NpgsqlException => false,
        _ => null,
    };
}
