using IntegrationHub.Crm.Core.Alarms;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// An OPC UA condition's Severity (1-1000, Part 5 6.4.2) as the hub's alarm severity, which with the customer's tier
/// gives the ticket's priority (<see cref="Crm.Core.Tickets.TicketPriorityRules"/>). The bands follow the five ranges
/// Part 5 suggests for mapping a server's own severities (1-200 Low ... 801-1000 High), Low and Medium-Low together:
/// <code>
/// OPC UA Severity   hub severity
/// 801-1000          Critical
/// 601-800           Major
/// 401-600           Warning
/// 1-400             Info
/// </code>
/// docs/adapters/opcua-mes.md shows the same table with the resulting priorities.
/// </summary>
internal static class ConditionSeverityTable
{
    public static AlarmSeverity Map(ushort severity) => severity switch
    {
        > 800 => AlarmSeverity.Critical,
        > 600 => AlarmSeverity.Major,
        > 400 => AlarmSeverity.Warning,
        _ => AlarmSeverity.Info,
    };
}
