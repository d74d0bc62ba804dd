namespace IntegrationHub.Hub.Host.Store;

/// <summary>A ticket locked for a read-then-write (review of session 24, item 4).</summary>
internal partial interface IRulesUnitOfWork
{
    /// <summary>
    /// Locks the ticket's row until the unit of work ends, before it is read to be changed: two engineers accepting one
    /// queued ticket at once then act one after the other, and the second finds it taken. PostgreSQL: <c>SELECT ... FOR
    /// UPDATE</c>; SQLite: nothing to do, its unit of work holds the database's writer lock already. An unknown ticket
    /// locks nothing.
    /// </summary>
    Task LockTicketAsync(string ticketNo, CancellationToken cancellationToken);
}
