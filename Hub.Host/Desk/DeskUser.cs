namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// A service-desk user; only the password's PBKDF2 hash is stored. <paramref name="SecurityStamp"/> changes with the
/// role, the password, a disable or a sign-out everywhere, which ends the user's sessions (issue 16 item 3); null for
/// a user made before stamps existed, until the next sign-in gives one.
/// </summary>
internal sealed record DeskUser(string UserName, string PasswordHash, DeskRole Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? SecurityStamp = null);
