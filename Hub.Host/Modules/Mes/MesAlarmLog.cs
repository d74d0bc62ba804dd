namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>The hub's side of the MES alarm conditions (issue 22 item 1); event ids 4211-4212 are stable for alerting.</summary>
internal static partial class MesAlarmLog
{
    [LoggerMessage(4211, LogLevel.Warning, "MES alarm conditions: {Count} condition events dead-lettered, the first from {Reference}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, int count, string reference, string reason);

    [LoggerMessage(4212, LogLevel.Information, "MES alarm conditions: acknowledgement of ticket {TicketNo} on the MES server: {Outcome}")]
    public static partial void AcknowledgedOnServer(ILogger logger, string ticketNo, string outcome);
}
