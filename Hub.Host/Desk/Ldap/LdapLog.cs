namespace IntegrationHub.Hub.Host.Desk.Ldap;

/// <summary>Directory sign-in messages; event ids 1850-1859 are stable for alerting (issue 23 item 4). No password is ever logged.</summary>
internal static partial class LdapLog
{
    [LoggerMessage(1850, LogLevel.Information, "Desk user {User} signed in from the directory ({Server}) as {Role}")]
    public static partial void SignedIn(ILogger logger, string user, string server, DeskRole role);

    [LoggerMessage(1851, LogLevel.Warning, "Directory sign-in of {Login} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string login, string reason);

    [LoggerMessage(1852, LogLevel.Warning, "Directory server {Server} could not be used: {Problem}")]
    public static partial void ServerUnusable(ILogger logger, string server, string problem);

    [LoggerMessage(1853, LogLevel.Error, "No directory server could be used for {Login}; directory users cannot sign in, local accounts still can")]
    public static partial void DirectoryDown(ILogger logger, string login);

    [LoggerMessage(1854, LogLevel.Information, "Directory session of {User} ended at its recheck: {Reason}")]
    public static partial void SessionEnded(ILogger logger, string user, string reason);

    [LoggerMessage(1855, LogLevel.Warning, "Directory recheck of {User}'s session not possible now ({Reason}); the session goes on")]
    public static partial void RecheckSkipped(ILogger logger, string user, string reason);
}
