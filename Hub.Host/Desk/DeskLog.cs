namespace IntegrationHub.Hub.Host.Desk;

/// <summary>Desk session and user-change messages; event ids 2130-2139 are stable for alerting (issue 16 item 3).</summary>
internal static partial class DeskLog
{
    [LoggerMessage(2130, LogLevel.Information, "Desk user {User} signed out; session ended")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(2131, LogLevel.Information, "Desk session of {User} refused: {Reason}")]
    public static partial void SessionRefused(ILogger logger, string user, string reason);

    [LoggerMessage(2132, LogLevel.Information, "Desk user {User}: {Change}; the user's sessions ended")]
    public static partial void UserChanged(ILogger logger, string user, string change);
}
