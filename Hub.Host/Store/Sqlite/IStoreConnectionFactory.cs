using System.Data.Common;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>Opens connections to the store's database, set up as the store expects.</summary>
internal interface IStoreConnectionFactory
{
    /// <summary>A human-readable description of where the data lives, for logs and <c>/health</c>.</summary>
    string Describe();

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
