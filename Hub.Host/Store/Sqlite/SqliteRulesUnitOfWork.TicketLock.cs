namespace IntegrationHub.Hub.Host.Store.Sqlite;

internal sealed partial class SqliteRulesUnitOfWork
{
    /// <summary>The unit of work holds SQLite's writer lock from its start: another one's accept waits for this one to end.</summary>
    public Task LockTicketAsync(string ticketNo, CancellationToken cancellationToken) => Task.CompletedTask;
}
