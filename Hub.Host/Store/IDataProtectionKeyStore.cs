namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The key ring that protects the desk's and the portal's session cookies, kept in the store (issue 18 item 4): every
/// hub node on one database reads the same keys, so a session made on one node is honoured by the others. Keys are
/// only ever added; ASP.NET Core Data Protection revokes or expires a key by adding a revocation element.
/// </summary>
internal interface IDataProtectionKeyStore
{
    /// <summary>Every stored element (a key or a revocation), in the order they were added.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds an element under <paramref name="name"/>; false, and nothing changed, when an element of that name is
    /// stored already (a key imported twice, or the same key written by two nodes).
    /// </summary>
    Task<bool> AddAsync(string name, string xml, DateTimeOffset at, CancellationToken cancellationToken);
}
