namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Server-side sessions of the desk and the portal pages (issue 16 item 3). A cookie names its session; the session
/// is usable while its row exists, so sign-out (which deletes the row) ends it for every copy of the cookie.
/// The subject is the desk user's name, or the hash of the portal token the page session was made with.
/// </summary>
/// <remarks>Each kind is one of <see cref="SessionKinds"/>.</remarks>
internal interface ISessionStore
{
    /// <summary>Records a new session, and forgets sessions of the kind unused since <paramref name="unusedBefore"/>.</summary>
    Task CreateAsync(string kind, string sessionId, string subject, DateTimeOffset at, DateTimeOffset unusedBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the session as used now; false when it does not exist (signed out, ended by an admin, or forgotten), or
    /// belongs to another subject than the cookie names.
    /// </summary>
    Task<bool> TouchAsync(string kind, string sessionId, string subject, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Ends one session; false when it had already ended.</summary>
    Task<bool> EndAsync(string kind, string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends every session of a subject (a desk user signed out everywhere, disabled or deleted); returns how many.</summary>
    Task<int> EndAllAsync(string kind, string subject, CancellationToken cancellationToken);
}
