using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>The change feed's log messages (issue 18 item 4); event ids 1700-1709 are stable for alerting.</summary>
internal static partial class ChangeFeedLog
{
    [LoggerMessage(1700, LogLevel.Information, "Change feed listening on channel {Channel} as {ApplicationName}: live pages on this node hear every node's committed changes")]
    public static partial void Listening(ILogger logger, string channel, string applicationName);

    [LoggerMessage(1701, LogLevel.Warning, "Change feed lost its listening connection ({Error}); attempt {Attempt} again in {Delay}. Open live pages re-read only every Hub:Portal:LiveInterval meanwhile")]
    public static partial void Lost(ILogger logger, string error, int attempt, TimeSpan delay);

    [LoggerMessage(1702, LogLevel.Information, "Change feed listening again after {Attempts} failed attempts; every open live page ({Subscribers}) re-reads its state once, so that changes made meanwhile are not missed")]
    public static partial void Resumed(ILogger logger, int attempts, int subscribers);

    [LoggerMessage(1703, LogLevel.Error, "Change feed failed unexpectedly ({Error}); attempt {Attempt} again in {Delay}")]
    public static partial void Failed(ILogger logger, Exception exception, string error, int attempt, TimeSpan delay);

    [LoggerMessage(1704, LogLevel.Warning, "Change feed received a notification it does not know ({Length} bytes on {Channel}); every open live page re-reads")]
    public static partial void UnknownNotice(ILogger logger, int length, string channel);
}
