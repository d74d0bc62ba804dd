namespace IntegrationHub.Hub.Host.Store.PostgreSql;

internal sealed partial class PostgreSqlRulesUnitOfWork
{
    public async Task LockTicketAsync(string ticketNo, CancellationToken cancellationToken)
    {
        // Read committed: the lock waits for a transaction that holds the row, and the caller's next read sees its commit.
        await using var command = Cmd("SELECT 1 FROM tickets WHERE ticket_no = $1 FOR UPDATE", Pg.Text(ticketNo));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
