namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary>One table's rows on the source (SQLite) and, once copied, on the target (PostgreSQL).</summary>
internal sealed record TableCount(string Table, long SourceRows, long? TargetRows)
{
    public bool Matches => TargetRows == SourceRows;
}
