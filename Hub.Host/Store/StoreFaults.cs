using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Which store failures time may cure (issue 17, "PostgreSQL stopped mid-stream"): the database cannot be reached, is
/// shutting down or starting up, or is busy; as opposed to a refused statement or a bug, which repeating the same
/// work only repeats. Each database's folder decides for its driver's exceptions, on the driver's own classification
/// and error codes, never on message text.
/// </summary>
internal static class StoreFaults
{
    /// <summary>Whether <paramref name="exception"/> (or the first driver exception it wraps) says the store is unreachable or busy for now.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
        {
            if ((PostgreSqlFaults.IsTransient(ex) ?? SqliteFaults.IsTransient(ex)) is { } transient)
            {
                return transient;
            }
        }

        return false;
    }
}
