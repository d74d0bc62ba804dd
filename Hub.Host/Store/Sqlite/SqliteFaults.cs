using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>Which SQLite failures time may cure, for <see cref="StoreFaults"/> (issue 17).</summary>
internal static class SqliteFaults
{
    // SQLite result codes (https://sqlite.org/rescode.html): BUSY, LOCKED, IOERR, FULL, CANTOPEN.
    private static readonly int[] TransientCodes = [5, 6, 10, 13, 14];

    /// <summary>True or false when <paramref name="exception"/> is SQLite's, null when it is not.</summary>
    public static bool? IsTransient(Exception exception) =>
        exception is SqliteException sqlite ? TransientCodes.Contains(sqlite.SqliteErrorCode) : null;
}
