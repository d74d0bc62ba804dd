namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>
/// One table's rows on the source (SQLite) and, once copied, on the target (PostgreSQL), and how long its copy took
/// (reading, sending and counting it again), so that a slow table shows by name.
/// </summary>
internal sealed record TableCount(string Table, long SourceRows, long? TargetRows, TimeSpan? Elapsed = null)
{
    public bool Matches => TargetRows == SourceRows;
}
