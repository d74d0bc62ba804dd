using IntegrationHub.Hub.Host.Desk;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The rows of the desk's users. Only reads and writes: hashing, security stamps and ending sessions are
/// <see cref="DeskUsers"/>' business. Every change that must end the user's sessions takes the new stamp in the same
/// statement, so that no request sees the change with the old stamp.
/// </summary>
internal interface IDeskUserStore
{
    /// <summary>Adds a user, or replaces the password hash, role and stamp of an existing one and enables it.</summary>
    Task UpsertAsync(string userName, string passwordHash, DeskRole role, DateTimeOffset createdAt, string securityStamp, CancellationToken cancellationToken);

    /// <summary>Sets a user's role and stamp; false when there is no such user.</summary>
    Task<bool> SetRoleAsync(string userName, DeskRole role, string securityStamp, CancellationToken cancellationToken);

    /// <summary>Marks a user disabled since <paramref name="at"/>, with a new stamp; false when there is no such user.</summary>
    Task<bool> DisableAsync(string userName, DateTimeOffset at, string securityStamp, CancellationToken cancellationToken);

    /// <summary>Gives a user a new stamp and changes nothing else; false when there is no such user.</summary>
    Task<bool> SetStampAsync(string userName, string securityStamp, CancellationToken cancellationToken);

    /// <summary>Gives a stamp to a user who has none (made before stamps existed); a user with one keeps it.</summary>
    Task SetStampIfMissingAsync(string userName, string securityStamp, CancellationToken cancellationToken);

    /// <summary>Deletes a user; false when there is no such user.</summary>
    Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken);

    /// <summary>The user, or null when there is none.</summary>
    Task<DeskUser?> FindAsync(string userName, CancellationToken cancellationToken);
}
