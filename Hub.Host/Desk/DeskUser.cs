namespace IntegrationHub.Hub.Host.Desk;

/// <summary>A service-desk user; only the password's PBKDF2 hash is stored.</summary>
internal sealed record DeskUser(string UserName, string PasswordHash, DeskRole Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);
